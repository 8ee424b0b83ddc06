package io.fede2e.uploader.fakes;

import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.PreconditionFailedException;
import io.fede2e.uploader.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child process for the cross-process tests: waits for a start file, then races the other
 * processes to create objects if absent and to increment a counter by compare-and-set.
 * Prints {@code WON i} or {@code LOST i} per object and {@code DONE} at the end.
 *
 * <p>Arguments: store root, writer id, number of objects, number of increments, start file.
 */
public final class ContendingWriter {

    private ContendingWriter() {
    }

    public static void main(String[] args) throws Exception {
        String root = args[0];
        String id = args[1];
        int objects = Integer.parseInt(args[2]);
        int increments = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                System.out.println("TIMEOUT");
                System.exit(3);
            }
            Thread.sleep(2);
        }
        try (ObjectStore store = ObjectStore.open(root)) {
            WriteOptions text = WriteOptions.of("text/plain");
            for (int i = 0; i < objects; i++) {
                try {
                    store.write("race/object-" + i, id.getBytes(StandardCharsets.UTF_8), text.ifAbsent());
                    System.out.println("WON " + i);
                } catch (PreconditionFailedException e) {
                    System.out.println("LOST " + i);
                }
            }
            for (int i = 0; i < increments; i++) {
                while (true) {
                    Optional<ObjectInfo> current = store.stat("race/counter");
                    long value = current.isEmpty() ? 0
                            : Long.parseLong(new String(store.read("race/counter"), StandardCharsets.UTF_8));
                    WriteOptions opts = current.isEmpty() ? text.ifAbsent() : text.ifGeneration(current.get().generation());
                    try {
                        store.write("race/counter", Long.toString(value + 1).getBytes(StandardCharsets.UTF_8), opts);
                        break;
                    } catch (PreconditionFailedException e) {
                        // The other process got there first: read again.
                    }
                }
            }
        }
        System.out.println("DONE");
    }
}
