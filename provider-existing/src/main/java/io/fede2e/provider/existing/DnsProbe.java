package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;

import java.util.List;
import java.util.regex.Pattern;

/** {@code dns}: a short-lived pod resolves {@code kubernetes.default}. */
final class DnsProbe implements Probe {

    /** nslookup's answer section (busybox and bind alike): a Name line for the service, then its Address. */
    private static final Pattern ANSWER = Pattern.compile(
            "(?m)^Name:\\s*kubernetes\\.default\\S*\\s*$\\s*^Address(?:\\s+\\d+)?:\\s*\\S+");

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
        // An exit code alone proves nothing: a cluster without a runtime (hollow nodes, Kubemark) reports
        // run-to-completion pods Succeeded. The answer itself must be in the pod's output.
        String output = ctx.logs(pod);
        if (!ANSWER.matcher(output).find()) {
            throw new Absent("pod " + pod + " exited 0 but its output holds no answer for kubernetes.default");
        }
        return "a pod resolved kubernetes.default";
    }
}
