package io.fede2e.provider.azure;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fede2e.provider.api.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** AKS through its API server: nodes Ready after Up, and the log dump (there is no SSH to AKS nodes). */
final class AksApi {

    /** Per pod container, the log's tail that is kept. */
    private static final int LOG_LINES = 5000;

    private AksApi() {
    }

    static KubernetesClient client(Path kubeconfig) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static void waitForReadyNodes(Path kubeconfig, int expected, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "no answer yet";
        try (KubernetesClient client = client(kubeconfig)) {
            while (true) {
                try {
                    List<Node> nodes = client.nodes().list().getItems();
                    long ready = nodes.stream().filter(AksApi::ready).count();
                    if (ready >= expected) {
                        return;
                    }
                    last = ready + " of " + expected + " nodes Ready";
                } catch (KubernetesClientException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() > deadline) {
                    throw new ProviderException("the AKS cluster's nodes were not Ready within " + bound + " (" + last
                            + "); look at the node pool in the Azure portal");
                }
                Thread.sleep(2000);
            }
        } catch (IOException e) {
            throw new ProviderException("cannot read the AKS kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for the AKS nodes", e);
        }
    }

    static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Events, kube-system's pod logs and the nodes, into {@code dir/cluster/}. */
    static void dump(Path kubeconfig, Path dir) {
        Path out = dir.resolve("cluster");
        try (KubernetesClient client = client(kubeconfig)) {
            Files.createDirectories(out.resolve("kube-system"));
            Files.writeString(out.resolve("nodes.yaml"), Serialization.asYaml(client.nodes().list()));
            Files.writeString(out.resolve("events.txt"), client.v1().events().inAnyNamespace().list().getItems().stream()
                    .map(e -> e.getLastTimestamp() + " " + e.getInvolvedObject().getNamespace() + "/"
                            + e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + " " + e.getType()
                            + " " + e.getReason() + ": " + e.getMessage())
                    .sorted().collect(Collectors.joining("\n", "", "\n")));
            for (Pod pod : client.pods().inNamespace("kube-system").list().getItems()) {
                for (var c : pod.getSpec().getContainers()) {
                    String name = pod.getMetadata().getName() + "_" + c.getName() + ".log";
                    String log;
                    try {
                        log = client.pods().inNamespace("kube-system").withName(pod.getMetadata().getName())
                                .inContainer(c.getName()).tailingLines(LOG_LINES).getLog();
                    } catch (KubernetesClientException e) {
                        log = "cannot read the log: " + e.getMessage() + "\n";
                    }
                    Files.writeString(out.resolve("kube-system").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")),
                            log == null ? "" : log);
                }
            }
        } catch (IOException | KubernetesClientException e) {
            throw new ProviderException("cannot dump the AKS cluster through its API: " + e.getMessage()
                    + "; the cluster may be gone", e);
        }
    }
}
