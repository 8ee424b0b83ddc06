package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Job controller: runs pods until completions succeed, at most parallelism at a time, and
 * fails the Job once more than backoffLimit pods failed or activeDeadlineSeconds passed.
 */
final class JobController implements AutoCloseable {

    static final String COMPONENT = "job-controller";

    private final ControllerContext ctx;
    private final WorkQueue queue;
    private final Expectations expectations = new Expectations();
    private final PodFactory pods;

    JobController(ControllerContext ctx) {
        this.ctx = ctx;
        this.pods = new PodFactory(ctx, expectations, COMPONENT);
        this.queue = ctx.queue("job", Math.max(2, ctx.settings.workerThreads() / 4), this::sync);
        ctx.informers.jobs.addEventHandler(Informers.onAny(j -> queue.add(Informers.key(j))));
        ctx.informers.jobs.addEventHandler(Informers.onDelete(o -> expectations.forgetOwner(o.getMetadata().getUid())));
        ctx.informers.pods.addEventHandler(pods.ownedPods("Job", queue));
    }

    void start() {
        queue.start();
    }

    static boolean finished(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return false;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private void sync(String key) {
        Job job = ctx.informers.jobs.getStore().getByKey(key);
        if (job == null || finished(job) || Pods.isTerminating(job)) {
            return;
        }
        String uid = job.getMetadata().getUid();
        Instant now = ctx.instant();
        List<Pod> active = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        int ready = 0;
        int terminating = 0;
        for (Pod p : ctx.informers.pods.getIndexer().byIndex(Informers.OWNER, uid)) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if ("Succeeded".equals(phase)) {
                succeeded++;
            } else if ("Failed".equals(phase)) {
                failed++;
            } else if (Pods.isTerminating(p)) {
                terminating++;
            } else {
                active.add(p);
                if (Pods.isReady(p)) {
                    ready++;
                }
            }
        }
        // Pods may be deleted after they finished; what the status counted stays counted.
        if (job.getStatus() != null) {
            succeeded = Math.max(succeeded, nz(job.getStatus().getSucceeded()));
            failed = Math.max(failed, nz(job.getStatus().getFailed()));
        }
        Instant startTime = job.getStatus() != null && job.getStatus().getStartTime() != null
                ? Instant.parse(job.getStatus().getStartTime()) : now;
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        Integer completions = job.getSpec().getCompletions();
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        Long deadline = job.getSpec().getActiveDeadlineSeconds();

        String failReason = null;
        String failMessage = null;
        if (failed > backoffLimit) {
            failReason = "BackoffLimitExceeded";
            failMessage = "Job has reached the specified backoff limit";
        } else if (deadline != null && !startTime.plusSeconds(deadline).isAfter(now)) {
            failReason = "DeadlineExceeded";
            failMessage = "Job was active longer than specified deadline";
        }
        boolean complete = failReason == null && (completions != null
                ? succeeded >= completions
                : succeeded > 0 && active.isEmpty());

        if (failReason != null) {
            for (Pod p : active) {
                pods.delete(job, p);
            }
            ctx.events.warning(job, failReason, failMessage, COMPONENT, null);
            writeStatus(job, startTime, 0, succeeded, failed, 0, terminating + active.size(), List.of(
                    condition("FailureTarget", failReason, failMessage),
                    condition("Failed", failReason, failMessage)), null);
            return;
        }
        if (complete) {
            ctx.events.normal(job, "Completed", "Job completed", COMPONENT, null);
            writeStatus(job, startTime, 0, succeeded, failed, 0, terminating, List.of(
                    condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
                    condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")),
                    ctx.now());
            return;
        }
        int want;
        if (suspended) {
            want = 0;
        } else if (completions == null) {
            want = succeeded > 0 ? Math.min(active.size(), parallelism) : parallelism;
        } else {
            want = Math.max(0, Math.min(parallelism, completions - succeeded));
        }
        int activeCount = active.size();
        if (expectations.satisfied(uid, now)) {
            if (activeCount < want) {
                List<Pod> toCreate = new ArrayList<>();
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("batch.kubernetes.io/controller-uid", uid);
                labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
                labels.put("controller-uid", uid);
                labels.put("job-name", job.getMetadata().getName());
                for (int i = activeCount; i < want; i++) {
                    toCreate.add(pods.build(job, job.getSpec().getTemplate(), null, labels, b -> b));
                }
                activeCount += pods.create(job, toCreate).size();
            } else if (activeCount > want) {
                active.sort(ReplicaSetController.DELETION_ORDER);
                for (int i = 0; i < activeCount - want; i++) {
                    pods.delete(job, active.get(i));
                }
                activeCount = want;
            }
        }
        if (deadline != null) {
            queue.addAfter(key, Duration.between(now, startTime.plusSeconds(deadline)));
        }
        writeStatus(job, startTime, activeCount, succeeded, failed, ready, terminating, null, null);
    }

    private JobCondition condition(String type, String reason, String message) {
        String now = ctx.now();
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                .withMessage(message).withLastProbeTime(now).withLastTransitionTime(now).build();
    }

    private void writeStatus(Job job, Instant startTime, int active, int succeeded, int failed, int ready,
            int terminating, List<JobCondition> conditions, String completionTime) {
        var cur = job.getStatus();
        String start = startTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        if (conditions == null && cur != null && nz(cur.getActive()) == active
                && nz(cur.getSucceeded()) == succeeded && nz(cur.getFailed()) == failed
                && nz(cur.getReady()) == ready && nz(cur.getTerminating()) == terminating
                && Objects.equals(cur.getStartTime(), start)) {
            return;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("startTime", start);
        status.put("active", active);
        status.put("succeeded", succeeded);
        status.put("failed", failed);
        status.put("ready", ready);
        status.put("terminating", terminating);
        status.put("uncountedTerminatedPods", Map.of());
        if (conditions != null) {
            status.put("conditions", conditions);
        }
        if (completionTime != null) {
            status.put("completionTime", completionTime);
        }
        ctx.patchStatus(Job.class, job.getMetadata().getNamespace(), job.getMetadata().getName(), status);
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }

    @Override
    public void close() {
        queue.close();
    }
}
