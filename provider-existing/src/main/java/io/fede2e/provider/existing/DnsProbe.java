package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;

import java.util.List;

/** {@code dns}: a short-lived pod resolves {@code kubernetes.default}. */
final class DnsProbe implements Probe {

    @Override
    public Capability capability() {
        return Capability.DNS;
    }

    @Override
    public String run(ProbeContext ctx) throws InterruptedException {
        String pod = "dns";
        // Some busybox builds ignore the search path; the fully qualified name is the fallback.
        ctx.createPod(pod, ctx.options().busyboxImage(), List.of("sh", "-c",
                "nslookup kubernetes.default || nslookup kubernetes.default.svc.cluster.local"), "Never");
        int exit = ctx.awaitExit(pod);
        if (exit != 0) {
            throw new Absent("pod " + pod + " could not resolve kubernetes.default (nslookup exit code " + exit + ")");
        }
        return "a pod resolved kubernetes.default";
    }
}
