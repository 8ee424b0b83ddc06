package io.fede2e.layout.junit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Finds test fixtures under src/test/resources. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String resource) {
        URL url = Fixtures.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JUnitReport read(String resource) {
        return JUnitReader.create().read(path(resource));
    }
}
