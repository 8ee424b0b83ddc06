package io.fede2e.e2e.tests.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Jobs: completions, parallelism and backoffLimit. */
class JobTests {

    @E2eTest
    @DisplayName("[sig-apps] Job should run a job to completion when tasks succeed")
    void completes(E2eContext e2e) {
        Map<String, String> labels = Map.of("job", "succeed");
        e2e.client().batch().v1().jobs().inNamespace(e2e.namespace())
                .resource(job("all-succeed", 3, 2, 6, template(labels, "exit 0", false))).create();

        Job job = e2e.waits().until("job all-succeed not Complete", Waits.POD_START,
                () -> e2e.client().batch().v1().jobs().inNamespace(e2e.namespace()).withName("all-succeed").get(),
                j -> "True".equals(condition(j, "Complete")), JobTests::describe);

        assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(e2e.client().pods().inNamespace(e2e.namespace()).withLabels(labels).list().getItems())
                .filteredOn(p -> "Succeeded".equals(p.getStatus().getPhase())).hasSizeGreaterThanOrEqualTo(3);
    }

    @E2eTest
    @DisplayName("[sig-apps] Job should fail to exceed backoffLimit")
    void failsAfterBackoffLimit(E2eContext e2e) {
        Map<String, String> labels = Map.of("job", "fail");
        e2e.client().batch().v1().jobs().inNamespace(e2e.namespace())
                .resource(job("all-fail", 1, 1, 1, template(labels, "exit 1", true))).create();

        Job job = e2e.waits().until("job all-fail not Failed", Waits.POD_START,
                () -> e2e.client().batch().v1().jobs().inNamespace(e2e.namespace()).withName("all-fail").get(),
                j -> "True".equals(condition(j, "Failed")), JobTests::describe);

        assertThat(job.getStatus().getConditions()).filteredOn(c -> "Failed".equals(c.getType()))
                .extracting(JobCondition::getReason).containsExactly("BackoffLimitExceeded");
        assertThat(job.getStatus().getSucceeded() == null ? 0 : job.getStatus().getSucceeded()).isZero();
        assertThat(job.getStatus().getFailed()).as("failed pods with backoffLimit 1").isGreaterThanOrEqualTo(2);
    }

    private static Job job(String name, int completions, int parallelism, int backoffLimit, PodTemplateSpec template) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withCompletions(completions).withParallelism(parallelism).withBackoffLimit(backoffLimit)
                .withTemplate(template).endSpec().build();
    }

    private static PodTemplateSpec template(Map<String, String> labels, String script, boolean fails) {
        var meta = new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels);
        if (fails) {
            // Real kubelets run the script; a simulated one reads the annotation.
            meta.addToAnnotations(Workloads.SIMULATED_FAILURE_ANNOTATION, "true");
        }
        return meta.endMetadata().withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(1L)
                .withNodeSelector(Workloads.LINUX)
                .withContainers(Workloads.shellContainer("task", script)).endSpec().build();
    }

    private static String condition(Job j, String type) {
        if (j == null || j.getStatus() == null || j.getStatus().getConditions() == null) {
            return "absent";
        }
        return j.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(JobCondition::getStatus).findFirst().orElse("absent");
    }

    private static String describe(Job j) {
        if (j == null) {
            return "not found";
        }
        var st = j.getStatus();
        return st == null ? "no status" : "active " + st.getActive() + ", succeeded " + st.getSucceeded()
                + ", failed " + st.getFailed() + ", conditions " + (st.getConditions() == null ? "none"
                : st.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ")")
                        .toList());
    }
}
