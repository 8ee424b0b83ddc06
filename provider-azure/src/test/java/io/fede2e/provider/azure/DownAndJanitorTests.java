package io.fede2e.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.Leftover;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.azure.fakes.FakeArm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Down from a fresh process (reattached from the state file) and the janitor, against ARM on
 * WireMock: the group's deletion, a group already gone, the leak check, expired groups only.
 */
class DownAndJanitorTests {

    static final String RUN_ID = "nightly-9";
    static final String GROUP = "fede2e-nightly-9-q7r2w";

    @TempDir
    Path home;

    FakeArm arm;
    AzureProvider provider;

    @BeforeEach
    void fakes() {
        arm = new FakeArm();
        arm.everythingElseNotFound();
        arm.nothingLeft();
        provider = new AzureProvider(TestSettings.of(arm, null, 6443, home));
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    /** The state `fede2e up` wrote in another process, which died. */
    static Map<String, String> state() {
        return Map.of("subscription", FakeArm.SUBSCRIPTION, "resource-group", GROUP, "run-id", RUN_ID,
                "mode", "kubeadm", "location", "eastus", "nodes", "2", "public-address", "203.0.113.50",
                "node.control-plane", "10.240.0.4", "node.worker-01", "10.240.0.5",
                "host-key.control-plane", "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY=");
    }

    @Nested
    class Down {
        @Test
        void deletesTheGroupWaitsForItAndFindsNothingLeft() {
            arm.groupDeletion(GROUP);
            provider.reattach(state());

            provider.down();

            assertThat(arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP)).hasSize(1);
            assertThat(arm.requests("GET", "/subscriptions/.*/operationresults/.*")).as("the Location was polled")
                    .hasSize(2);
            assertThat(arm.requests("GET", "/subscriptions/.*/resources")).singleElement()
                    .satisfies(r -> assertThat(r.queryParameter("$filter").firstValue())
                            .isEqualTo("tagName eq 'fede2e-run-id' and tagValue eq '" + RUN_ID + "'"));
            assertThat(provider.isUp()).isFalse();
        }

        @Test
        void aServerErrorIsRetried() {
            arm.groupDeletionAfterServerError(GROUP);
            provider.reattach(state());

            provider.down();

            assertThat(arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP)).hasSize(2);
        }

        @Test
        void aGroupThatIsAlreadyGoneIsSuccessAndTheLeakCheckStillRuns() {
            arm.groupGone(GROUP);
            provider.reattach(state());

            provider.down();

            assertThat(arm.requests("GET", "/subscriptions/.*/resources")).hasSize(1);
        }

        @Test
        void aLeakedResourceFailsDownNamingIt() {
            arm.groupDeletion(GROUP);
            arm.diskLeft(GROUP, RUN_ID);
            provider.reattach(state());

            assertThatThrownBy(provider::down).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("leaked resources: 1")
                    .hasMessageContaining("/providers/Microsoft.Compute/disks/control-plane_OsDisk_1_0a1b2c3d4e5f")
                    .hasMessageContaining("fede2e-run-id=" + RUN_ID);
        }

        @Test
        void aSecondDownDoesNothing() {
            arm.groupDeletion(GROUP);
            provider.reattach(state());
            provider.down();
            int calls = arm.requestCount();

            provider.down();

            assertThat(arm.requestCount()).isEqualTo(calls);
        }

        @Test
        void downWithoutUpTouchesNothing() {
            provider.down();

            assertThat(arm.requestCount()).isZero();
        }

        @Test
        void aStateWithoutItsGroupIsRefusedWithWhatToDo() {
            assertThatThrownBy(() -> provider.reattach(Map.of("subscription", FakeArm.SUBSCRIPTION)))
                    .isInstanceOf(ProviderException.class).hasMessageContaining("no resource-group")
                    .hasMessageContaining("az group delete");
        }

        @Test
        void theTeardownCommandNamesTheGroup() {
            provider.reattach(state());

            assertThat(provider.teardownCommand()).hasValue("az group delete --yes --subscription "
                    + FakeArm.SUBSCRIPTION + " --name " + GROUP);
        }
    }

    @Nested
    class Janitor {
        static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

        @Test
        void listsOnlyFede2eGroupsWhoseExpiryHasPassed() {
            arm.janitorGroups();

            List<Leftover> expired = provider.expired(TestSettings.options(RUN_ID), NOW);

            assertThat(expired).singleElement().satisfies(l -> {
                assertThat(l.name()).isEqualTo("fede2e-nightly-41-k3v9q");
                assertThat(l.kind()).isEqualTo("resource group");
                assertThat(l.expiresAt()).isEqualTo(Instant.parse("2026-12-06T08:00:00Z"));
                assertThat(l.labels()).containsEntry("fede2e-job", "nightly").containsEntry("fede2e-run-id", "nightly-41");
            });
            assertThat(arm.requests("GET", "/subscriptions/.*/resourcegroups")).singleElement()
                    .satisfies(r -> assertThat(r.queryParameter("$filter").firstValue())
                            .isEqualTo("tagName eq 'fede2e-expires-at'"));
        }

        @Test
        void aLaterCutoffTakesTheUnexpiredGroupToo() {
            arm.janitorGroups();

            assertThat(provider.expired(TestSettings.options(RUN_ID), Instant.parse("2026-12-08T00:00:00Z")))
                    .extracting(Leftover::name).containsExactly("fede2e-nightly-41-k3v9q", "fede2e-nightly-42-p0x2m");
        }

        @Test
        void deletesTheGroupItListed() {
            arm.janitorGroups();
            arm.groupDeletion("fede2e-nightly-41-k3v9q");
            Leftover expired = provider.expired(TestSettings.options(RUN_ID), NOW).get(0);

            provider.delete(TestSettings.options(RUN_ID), expired);

            assertThat(arm.requests("DELETE", ".*")).singleElement()
                    .satisfies(r -> assertThat(r.getUrl()).containsIgnoringCase("/resourcegroups/fede2e-nightly-41-k3v9q?"));
        }

        @Test
        void aGroupGoneMeanwhileIsDeleted() {
            arm.groupGone("fede2e-nightly-41-k3v9q");

            provider.delete(TestSettings.options(RUN_ID), new Leftover("resource group", "fede2e-nightly-41-k3v9q",
                    NOW.minusSeconds(60), Map.of()));

            assertThat(arm.requests("DELETE", ".*")).hasSize(1);
        }

        @Test
        void withoutASubscriptionNothingIsAsked() {
            assertThatThrownBy(() -> provider.expired(Map.of(), NOW)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("AZURE_SUBSCRIPTION_ID");
            assertThat(arm.requestCount()).isZero();
        }
    }
}
