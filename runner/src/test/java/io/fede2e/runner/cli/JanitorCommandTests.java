package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JanitorCommandTests {

    @TempDir
    Path cwd;

    Path inventory;
    Path deleted;

    @BeforeEach
    void cloud() throws IOException {
        Instant now = Instant.now();
        inventory = cwd.resolve("inventory.txt");
        deleted = cwd.resolve("deleted.txt");
        Files.writeString(inventory, String.join("\n",
                "fede2e-nightly-7-aaaaa " + now.minus(Duration.ofDays(2)) + " nightly",
                "fede2e-nightly-8-bbbbb " + now.minus(Duration.ofHours(1)) + " nightly",
                "fede2e-nightly-9-ccccc " + now.plus(Duration.ofHours(5)) + " nightly", ""));
    }

    private CliHarness.Outcome janitor(String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "janitor";
        args[1] = "--provider";
        args[2] = "fake-janitor";
        args[3] = "--provider-opt";
        args[4] = "inventory=" + inventory;
        System.arraycopy(more, 0, args, 5, more.length);
        return CliHarness.run(cwd, Map.of(), args);
    }

    @Nested
    class WithoutYes {
        @Test
        void listsOnlyTheExpiredAndDeletesNothing() {
            CliHarness.Outcome o = janitor();
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out()).contains("2 expired", "resource group fede2e-nightly-7-aaaaa",
                    "resource group fede2e-nightly-8-bbbbb", "job=nightly", "run again with --yes")
                    .doesNotContain("fede2e-nightly-9-ccccc");
            assertThat(deleted).doesNotExist();
        }

        @Test
        void nothingExpiredIsNothingToDo() throws IOException {
            Files.writeString(inventory, "fede2e-x-1-aaaaa " + Instant.now().plus(Duration.ofHours(1)) + " x\n");
            CliHarness.Outcome o = janitor("--yes");
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("0 expired", "nothing to do");
            assertThat(deleted).doesNotExist();
        }

        @Test
        void hostileNamesReachTheTerminalWithoutControlCharacters() throws IOException {
            Files.writeString(inventory, "evil\u001b[2Jgroup " + Instant.now().minus(Duration.ofHours(1)) + " j\u0007\n");
            CliHarness.Outcome o = janitor();
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("evil?[2Jgroup", "job=j?").doesNotContain("\u001b", "\u0007");
        }
    }

    @Nested
    class WithYes {
        @Test
        void deletesEveryExpiredLeftoverAndNothingElse() throws IOException {
            CliHarness.Outcome o = janitor("--yes");
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(Files.readAllLines(deleted)).containsExactly("fede2e-nightly-7-aaaaa", "fede2e-nightly-8-bbbbb");
            assertThat(o.out()).contains("deleted resource group fede2e-nightly-7-aaaaa", "deleted 2");
        }

        @Test
        void olderThanKeepsWhatExpiredMoreRecently() throws IOException {
            CliHarness.Outcome o = janitor("--yes", "--older-than", "12h");
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(Files.readAllLines(deleted)).containsExactly("fede2e-nightly-7-aaaaa");
        }

        @Test
        void aFailedDeletionDoesNotStopTheOthersAndExitsThree() throws IOException {
            CliHarness.Outcome o = janitor("--yes", "--provider-opt", "fail-delete=fede2e-nightly-7-aaaaa");
            assertThat(o.exitCode()).isEqualTo(3);
            assertThat(Files.readAllLines(deleted)).containsExactly("fede2e-nightly-8-bbbbb");
            assertThat(o.err()).contains("cannot delete resource group fede2e-nightly-7-aaaaa: the cloud refused",
                    "1 of 2 leftovers could not be deleted");
        }
    }

    @Nested
    class Mistakes {
        @Test
        void aProviderWithoutAJanitorIsAUsageError() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "janitor", "--provider", "hollow", "--yes");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("provider hollow has no janitor");
        }

        @Test
        void theProviderIsRequired() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "janitor");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--provider");
        }

        @Test
        void aListingThatFailsExitsThree() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "janitor", "--provider", "fake-janitor",
                    "--provider-opt", "inventory=" + cwd.resolve("missing.txt"));
            assertThat(o.exitCode()).isEqualTo(3);
            assertThat(o.err()).contains("cannot list the leftovers of fake-janitor");
        }

        @Test
        void helpNamesTheOptions() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "janitor", "--help");
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("--provider", "--yes", "--older-than", "fede2e-expires-at");
        }
    }

    /** A provider's preflight stops run and up before anything is created. */
    @Nested
    class Preflight {
        @Test
        void runStopsWithTheProvidersHintAndCreatesNothing() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "fake-janitor");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err().lines()).containsExactly(
                    "fede2e: error: provider fake-janitor: no account: pass --provider-opt account=NAME");
            assertThat(cwd.resolve("_output")).doesNotExist();
        }

        @Test
        void upStopsWithTheProvidersHintAndWritesNoState() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "up", "--provider", "fake-janitor");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("no account: pass --provider-opt account=NAME");
            assertThat(cwd.resolve("_output")).doesNotExist();
        }
    }
}
