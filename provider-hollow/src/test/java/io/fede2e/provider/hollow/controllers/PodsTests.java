package io.fede2e.provider.hollow.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PodsTests {

    @Nested
    class RunDuration {
        @Test
        void goAndIsoDurationsAreRead() {
            assertThat(Pods.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
            assertThat(Pods.parseDuration("300ms")).isEqualTo(Duration.ofMillis(300));
            assertThat(Pods.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
            assertThat(Pods.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
            assertThat(Pods.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
        }

        @Test
        void unreadableValuesFallBackToTheDefault() {
            assertThat(Pods.parseDuration("soon")).isNull();
            assertThat(Pods.parseDuration("")).isNull();
            Pod pod = new PodBuilder().withNewMetadata().withName("p")
                    .addToAnnotations(Pods.RUN_DURATION_ANNOTATION, "\u0000</script>").endMetadata().build();
            assertThat(Pods.runDuration(pod, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Nested
    class Selectors {
        @Test
        void matchLabelsAndExpressions() {
            LabelSelector selector = new LabelSelectorBuilder().addToMatchLabels("app", "web")
                    .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "edge").endMatchExpression()
                    .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
                    .build();
            assertThat(Pods.matches(selector, Map.of("app", "web", "tier", "edge"))).isTrue();
            assertThat(Pods.matches(selector, Map.of("app", "web", "tier", "back"))).isFalse();
            assertThat(Pods.matches(selector, Map.of("app", "web", "tier", "edge", "canary", "1"))).isFalse();
            assertThat(Pods.matches(new LabelSelector(), Map.of())).isTrue();
            assertThat(Pods.matches((LabelSelector) null, Map.of())).isFalse();
        }
    }

    @Nested
    class Completion {
        @Test
        void onlyJobPodsAndNonRestartingPodsComplete() {
            Pod always = new PodBuilder().withNewMetadata().withName("a").endMetadata().withNewSpec()
                    .withRestartPolicy("Always").endSpec().build();
            Pod never = new PodBuilder(always).editSpec().withRestartPolicy("Never").endSpec().build();
            Pod job = new PodBuilder(always).editMetadata().addNewOwnerReference().withKind("Job").withName("j")
                    .withUid("u").withController(true).endOwnerReference().endMetadata().build();
            assertThat(Pods.runsToCompletion(always)).isFalse();
            assertThat(Pods.runsToCompletion(never)).isTrue();
            assertThat(Pods.runsToCompletion(job)).isTrue();
        }
    }

    @Nested
    class TemplateHash {
        @Test
        void isStableSafeAndSensitiveToCollisions() {
            String a = PodFactory.templateHash("{\"image\":\"nginx:1\"}", null);
            String b = PodFactory.templateHash("{\"image\":\"nginx:1\"}", null);
            String c = PodFactory.templateHash("{\"image\":\"nginx:1\"}", 1);
            String d = PodFactory.templateHash("{\"image\":\"nginx:2\"}", null);
            assertThat(PodFactory.templateHash("{\"image\":\"nginx:1\"}", 0)).isEqualTo(a);
            assertThat(a).isEqualTo(b).matches("[bcdfghjklmnpqrstvwxz2456789]+");
            assertThat(c).isNotEqualTo(a);
            assertThat(d).isNotEqualTo(a);
        }
    }
}
