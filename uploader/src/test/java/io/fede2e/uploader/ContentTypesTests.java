package io.fede2e.uploader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "build-log.txt|text/plain; charset=utf-8",
        "artifacts/nodes/n1/kubelet.LOG|text/plain; charset=utf-8",
        "finished.json|application/json",
        "artifacts/junit_01.xml|application/xml",
        "artifacts/shot.png|image/png",
        "artifacts/report.html|text/html; charset=utf-8",
        "artifacts/dump.tar.gz|application/gzip",
        "artifacts/no-extension|application/octet-stream",
        "artifacts/.hidden|application/octet-stream",
        "artifacts/trailing.|application/octet-stream",
        "artifacts.d/file|application/octet-stream"})
    void byExtension(String name, String type) {
        assertThat(ContentTypes.of(name)).isEqualTo(type);
    }

    @Test
    void onlyTextOverOneKibIsCompressed() {
        assertThat(ContentTypes.compress("a.txt", 1024)).isFalse();
        assertThat(ContentTypes.compress("a.txt", 1025)).isTrue();
        assertThat(ContentTypes.compress("a.log", 5000)).isTrue();
        assertThat(ContentTypes.compress("a.xml", 5000)).isTrue();
        assertThat(ContentTypes.compress("a.json", 5000)).isTrue();
        assertThat(ContentTypes.compress("a.png", 5000)).isFalse();
        assertThat(ContentTypes.compress("a.html", 5000)).isFalse();
        assertThat(ContentTypes.compress("a.gz", 5000)).isFalse();
    }
}
