package io.fede2e.provider.existing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fede2e.provider.api.Capability;

import java.util.List;

/** {@code pod-network}: a client pod fetches a page from a server pod by its pod IP. */
final class PodNetworkProbe implements Probe {

    static final int PORT = 8080;

    @Override
    public Capability capability() {
        return Capability.POD_NETWORK;
    }

    @Override
    public String run(ProbeContext ctx) throws InterruptedException {
        String server = "netexec";
        ctx.createPod(server, ctx.options().agnhostImage(), List.of("/agnhost", "netexec", "--http-port=" + PORT), "Always");
        Pod running = ctx.awaitRunning(server);
        String ip = running.getStatus().getPodIP();
        if (ip == null || ip.isBlank()) {
            throw new Absent("server pod " + server + " runs but has no pod IP");
        }
        String target = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + PORT;
        String client = "client";
        // A few attempts: a fresh pod's route may take a moment to be programmed.
        ctx.createPod(client, ctx.options().busyboxImage(), List.of("sh", "-c",
                "for i in 1 2 3 4 5; do wget -q -T 5 -O - http://" + target + "/hostname && exit 0; sleep 2; done; exit 1"),
                "Never");
        int exit = ctx.awaitExit(client);
        if (exit != 0) {
            throw new Absent("pod " + client + " could not reach pod " + server + " at " + target + " (wget exit code "
                    + exit + ")");
        }
        return "pod " + client + " reached pod " + server + " at " + target;
    }
}
