package io.fede2e.provider.existing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fede2e.provider.api.Capability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code container-runtime}: a pod runs, its logs show what it printed, and exec works. */
final class ContainerRuntimeProbe implements Probe {

    @Override
    public Capability capability() {
        return Capability.CONTAINER_RUNTIME;
    }

    @Override
    public String run(ProbeContext ctx) throws InterruptedException {
        String pod = "runtime";
        // A marker no cluster could fake without running the container.
        String marker = "fede2e-" + UUID.randomUUID();
        ctx.createPod(pod, ctx.options().busyboxImage(),
                List.of("sh", "-c", "echo " + marker + "; exec sleep 3600"), "Never");
        ctx.awaitRunning(pod);
        awaitLogLine(ctx, pod, marker);
        String echoed = exec(ctx, pod, marker);
        if (!echoed.contains(marker)) {
            throw new Absent("exec in pod " + pod + " ran but its output lacked the marker");
        }
        return "a pod ran; its logs and exec work";
    }

    private static void awaitLogLine(ProbeContext ctx, String pod, String marker) throws InterruptedException {
        do {
            if (ctx.logs(pod).contains(marker)) {
                return;
            }
            ctx.pause();
        } while (!ctx.over());
        throw new Absent("the logs of running pod " + pod + " never showed what it printed within " + ctx.bound());
    }

    private static String exec(ProbeContext ctx, String pod, String marker) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = ctx.client().pods().inNamespace(ctx.namespace()).withName(pod).inContainer("probe")
                .writingOutput(out).writingError(err).exec("echo", marker)) {
            long waitMs = Math.max(1, ctx.remaining().toMillis());
            Integer code = watch.exitCode().get(waitMs, TimeUnit.MILLISECONDS);
            if (code == null || code != 0) {
                throw new Absent("exec in pod " + pod + " exited with " + code);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (KubernetesClientException e) {
            throw new Absent("exec in pod " + pod + " failed (" + ProbeContext.describeFailure(e) + ")");
        } catch (ExecutionException e) {
            throw new Absent("exec in pod " + pod + " failed (" + ProbeContext.describeFailure(e.getCause()) + ")");
        } catch (TimeoutException e) {
            throw new Absent("exec in pod " + pod + " did not finish within " + ctx.bound());
        }
    }
}
