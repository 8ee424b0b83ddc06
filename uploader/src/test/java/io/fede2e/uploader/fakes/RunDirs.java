package io.fede2e.uploader.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Run directories for tests, copied from the fixtures under {@code src/test/resources/upload/<scenario>/}. */
public final class RunDirs {

    private RunDirs() {
    }

    /** Copies the fixture {@code scenario} to {@code target} (created) and returns it. */
    public static Path copy(String scenario, Path target) {
        URL url = RunDirs.class.getResource("/upload/" + scenario);
        if (url == null) {
            throw new IllegalArgumentException("no fixture upload/" + scenario);
        }
        try {
            Path source = Path.of(url.toURI());
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run directory with a started.json of {@code timestamp} and the given text files. */
    public static Path minimal(Path target, long timestamp, String... relativeAndContent) {
        try {
            Files.createDirectories(target);
            write(target, "started.json", "{\"timestamp\": " + timestamp + ", \"metadata\": {}}\n");
            write(target, "finished.json", "{\"timestamp\": " + (timestamp + 60) + ", \"passed\": true,"
                    + " \"result\": \"SUCCESS\"}\n");
            for (int i = 0; i + 1 < relativeAndContent.length; i += 2) {
                write(target, relativeAndContent[i], relativeAndContent[i + 1]);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code content} to {@code dir/relative}, making directories. */
    public static void write(Path dir, String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** The '/'-separated paths of the regular files under {@code dir}, sorted. */
    public static List<String> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
