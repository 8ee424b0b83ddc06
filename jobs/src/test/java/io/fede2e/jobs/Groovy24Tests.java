package io.fede2e.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.jobs.fakes.Groovy24;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Jenkins runs Job DSL and pipelines with Groovy 2.4: syntax it lacks must fail the build, not the seed job. */
class Groovy24Tests {

    private static Groovy24 groovy;

    @BeforeAll
    static void open() {
        groovy = Groovy24.open();
    }

    @AfterAll
    static void close() throws Exception {
        groovy.close();
    }

    @Nested
    class TheJobs {

        @Test
        void theCompilerIsGroovy24() throws Exception {
            assertThat(groovy.version()).isEqualTo("2.4.21");
        }

        @Test
        void everyJobDslScriptCompiles() throws Exception {
            assertThat(Scripts.dslScripts()).isNotEmpty();
            for (Path script : Scripts.dslScripts()) {
                assertThat(groovy.compile(script.getFileName().toString(), Scripts.read(script))).as(script.toString())
                        .isEmpty();
            }
        }

        @Test
        void theShardedJenkinsfileCompiles() throws Exception {
            assertThat(groovy.compile("Jenkinsfile_sharded.groovy", Scripts.read(Scripts.jenkinsfile()))).isEmpty();
        }
    }

    @Nested
    class TheCheckBites {

        @Test
        void aJavaLambdaFails() throws Exception {
            assertThat(groovy.compile("lambda.groovy", "def f = [1, 2].collect(x -> x * 2)\n")).isNotEmpty();
        }

        @Test
        void varNotInAndSafeIndexFail() throws Exception {
            assertThat(groovy.compile("notin.groovy", "def ok = 1 !in [2, 3]\n")).isNotEmpty();
            assertThat(groovy.compile("safeindex.groovy", "def m = null\ndef v = m?[0]\n")).isNotEmpty();
        }

        @Test
        void whatGroovy24AcceptsCompiles() throws Exception {
            assertThat(groovy.compile("fine.groovy", "def f = [1, 2].collect { x -> x * 2 }\n")).isEmpty();
        }
    }
}
