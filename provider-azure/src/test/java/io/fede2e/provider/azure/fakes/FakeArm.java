package io.fede2e.provider.azure.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Azure Resource Manager on loopback: WireMock answering ARM's REST calls with the recorded,
 * real-shaped responses under {@code src/test/resources/arm/<scenario>/}: creations are
 * long-running operations polled through Azure-AsyncOperation, the group's deletion through
 * Location, as ARM does. Each method stubs one situation; later stubs win over earlier ones.
 */
public final class FakeArm implements AutoCloseable {

    public static final String SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
    public static final String LOCATION = "eastus";
    public static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-arm-token.c2lnbmF0dXJl";

    private final WireMockServer wm;
    private int operations;

    public FakeArm() {
        wm = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(64).jettyAcceptors(1));
        wm.start();
    }

    /** ARM's endpoint, as the SDK's AzureEnvironment takes it. */
    public URI endpoint() {
        return URI.create(base() + "/");
    }

    private String base() {
        return "http://127.0.0.1:" + wm.port();
    }

    /** Every answer takes this long (the benchmark's 200 ms). */
    public void latency(Duration d) {
        wm.setGlobalFixedDelay((int) d.toMillis());
    }

    public List<LoggedRequest> requests(String method, String pathRegex) {
        Pattern p = Pattern.compile("(?i)" + pathRegex);
        return wm.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equals(method) && p.matcher(r.getUrl().split("\\?")[0]).matches())
                .toList();
    }

    /** Whether any request reached ARM at all. */
    public int requestCount() {
        return wm.getAllServeEvents().size();
    }

    private String rg(String group) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + group;
    }


    private static String ci(String path) {
        return "(?i)" + Pattern.quote(path);
    }

    /** The fixture {@code arm/<file>} with its {@code ${name}} placeholders filled in. */
    public String fixture(String file, Map<String, String> vars) {
        try (InputStream in = FakeArm.class.getResourceAsStream("/arm/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture arm/" + file);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> all = new HashMap<>(Map.of("sub", SUBSCRIPTION, "location", LOCATION, "base", base(),
                    "tags", "{}", "state", "Succeeded"));
            all.putAll(vars);
            for (var e : all.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ms-request-id", "5f4d3c2b-1a09-4877-8665-544332211000").withBody(body);
    }

    /**
     * A PUT answered as ARM answers a creation: 201 with the resource Updating and an
     * Azure-AsyncOperation to poll; the operation reports {@code InProgress} {@code inProgressPolls}
     * times, then {@code finalStatus} ({@code async-succeeded.json} or a failure); the resource's GET
     * gives it Succeeded.
     */
    private void lro(String resourcePath, String fixture, Map<String, String> vars, int inProgressPolls,
            String finalStatusFixture) {
        String op = "op-" + (++operations);
        String provider = resourcePath.contains("Microsoft.Compute") ? "Microsoft.Compute"
                : resourcePath.contains("Microsoft.ContainerService") ? "Microsoft.ContainerService" : "Microsoft.Network";
        String opPath = "/subscriptions/" + SUBSCRIPTION + "/providers/" + provider + "/locations/" + LOCATION
                + "/operations/" + op;
        Map<String, String> creating = new HashMap<>(vars);
        creating.put("state", "Updating");
        wm.stubFor(put(urlPathMatching(ci(resourcePath))).willReturn(json(201, fixture(fixture, creating))
                .withHeader("Azure-AsyncOperation", base() + opPath + "?api-version=2024-05-01")
                .withHeader("Retry-After", "1")));
        wm.stubFor(get(urlPathMatching(ci(resourcePath))).willReturn(json(200, fixture(fixture, vars))));
        Map<String, String> opVars = new HashMap<>(vars);
        opVars.put("operation", op);
        String scenario = "poll " + op;
        String state = Scenario.STARTED;
        for (int i = 0; i < inProgressPolls; i++) {
            String next = "polled " + (i + 1);
            wm.stubFor(get(urlPathMatching(ci(opPath))).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(json(200, fixture("kubeadm-up/async-in-progress.json", opVars))
                            .withHeader("Retry-After", "1"))
                    .willSetStateTo(next));
            state = next;
        }
        wm.stubFor(get(urlPathMatching(ci(opPath))).inScenario(scenario).whenScenarioStateIs(state)
                .willReturn(json(200, fixture(finalStatusFixture, opVars))));
    }

    /** A PUT that ARM completes at once: 200 with the resource Succeeded (it often does so for NICs and IPs). */
    private void sync(String resourcePath, String fixture, Map<String, String> vars) {
        wm.stubFor(put(urlPathMatching(ci(resourcePath))).willReturn(json(200, fixture(fixture, vars))));
        wm.stubFor(get(urlPathMatching(ci(resourcePath))).willReturn(json(200, fixture(fixture, vars))));
    }

    private static String tags(String runId) {
        return "{\"fede2e-run-id\": \"" + runId + "\", \"fede2e-job\": \"local\"}";
    }

    /** The resource group's creation. */
    public void groupCreation(String group, String runId) {
        wm.stubFor(put(urlPathMatching(ci(rg(group)))).willReturn(json(201,
                fixture("kubeadm-up/resource-group.json", Map.of("group", group, "tags", tags(runId))))));
    }

    /**
     * Everything kubeadm mode's Up creates in {@code group}: the group, the network security group
     * (a long-running operation polled once InProgress), the network, the control plane's public IP
     * ({@code publicIp}) and the NICs (completed at once), and the VMs of the control plane and of
     * {@code workers} workers (long-running operations), the private address of node i being
     * {@link FakeVms#address(int)}.
     */
    public void kubeadmUp(String group, String runId, int workers, String publicIp) {
        Map<String, String> v = Map.of("group", group, "tags", tags(runId), "publicIp", publicIp);
        groupCreation(group, runId);
        String net = rg(group) + "/providers/Microsoft.Network/";
        lro(net + "networkSecurityGroups/fede2e-nsg", "kubeadm-up/nsg.json", v, 1, "kubeadm-up/async-succeeded.json");
        sync(net + "virtualNetworks/fede2e-vnet", "kubeadm-up/vnet.json", v);
        sync(net + "publicIPAddresses/control-plane-ip", "kubeadm-up/public-ip.json", v);
        for (int i = 0; i <= workers; i++) {
            String name = i == 0 ? "control-plane" : String.format("worker-%02d", i);
            Map<String, String> n = new HashMap<>(v);
            n.put("name", name);
            n.put("privateIp", FakeVms.address(i));
            sync(net + "networkInterfaces/" + name + "-nic", "kubeadm-up/nic.json", n);
            lro(rg(group) + "/providers/Microsoft.Compute/virtualMachines/" + name, "kubeadm-up/vm.json", n, 0,
                    "kubeadm-up/async-succeeded.json");
        }
    }

    /**
     * AKS mode's Up: the group, the managed cluster (a long-running operation polled once
     * InProgress) and its admin credentials, a kubeconfig ({@code kubeconfig}, sent base64 as ARM does).
     */
    public void aksUp(String group, String runId, String kubeconfig) {
        groupCreation(group, runId);
        String cluster = rg(group) + "/providers/Microsoft.ContainerService/managedClusters/aks";
        lro(cluster, "aks-up/managed-cluster.json", Map.of("group", group, "tags", tags(runId)), 1,
                "kubeadm-up/async-succeeded.json");
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching(ci(cluster
                + "/listClusterAdminCredential"))).willReturn(json(200, fixture("aks-up/credentials.json",
                Map.of("kubeconfig", java.util.Base64.getEncoder().encodeToString(
                        kubeconfig.getBytes(StandardCharsets.UTF_8)))))));
    }

    /** The creation of VM {@code vm} fails in its long-running operation: AllocationFailed. */
    public void vmCreationFails(String group, String vm) {
        lro(rg(group) + "/providers/Microsoft.Compute/virtualMachines/" + vm, "kubeadm-up/vm.json",
                Map.of("group", group, "name", vm), 1, "vm-create-fails/async-failed.json");
    }

    /** The first PUT of the virtual network is throttled: 429 with Retry-After. */
    public void throttleNetworkOnce(String group, String retryAfterSeconds) {
        String path = rg(group) + "/providers/Microsoft.Network/virtualNetworks/fede2e-vnet";
        wm.stubFor(put(urlPathMatching(ci(path))).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .atPriority(1)
                .willReturn(json(429, fixture("throttled/429.json", Map.of())).withHeader("Retry-After", retryAfterSeconds))
                .willSetStateTo("throttled"));
    }

    /** The group's deletion: 202 with Location, polled once 202, then 200. */
    public void groupDeletion(String group) {
        String op = "/subscriptions/" + SUBSCRIPTION + "/operationresults/eyJqb2JJZCI6IlJFU09VUkNFR1JPVVBERUxFVElPTkpPQi1" + (++operations);
        wm.stubFor(delete(urlPathMatching(ci(rg(group)))).willReturn(aResponse().withStatus(202)
                .withHeader("Location", base() + op + "?api-version=2024-03-01").withHeader("Retry-After", "1")));
        wm.stubFor(get(urlPathMatching(ci(op))).inScenario("delete " + group).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(202).withHeader("Location", base() + op + "?api-version=2024-03-01")
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("deleted"));
        wm.stubFor(get(urlPathMatching(ci(op))).inScenario("delete " + group).whenScenarioStateIs("deleted")
                .willReturn(aResponse().withStatus(200)));
    }

    /** The group's deletion first meets a 503 from ARM, then goes through as {@link #groupDeletion}. */
    public void groupDeletionAfterServerError(String group) {
        groupDeletion(group);
        wm.stubFor(delete(urlPathMatching(ci(rg(group)))).inScenario("503 " + group).whenScenarioStateIs(Scenario.STARTED)
                .atPriority(1).willReturn(json(503, fixture("server-error/503.json", Map.of())))
                .willSetStateTo("recovered"));
    }

    /** The group and its AKS cluster are gone: asking for the admin kubeconfig answers 404, as ARM does. */
    public void aksGone(String group) {
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching(ci(rg(group)
                + "/providers/Microsoft.ContainerService/managedClusters/aks/listClusterAdminCredential")))
                .atPriority(1).willReturn(json(404, fixture("group-gone/404.json", Map.of("group", group)))));
        groupGone(group);
    }

    /** The group does not exist (deleted by hand, or by an earlier Down). */
    public void groupGone(String group) {
        wm.stubFor(delete(urlPathMatching(ci(rg(group)))).willReturn(json(404,
                fixture("group-gone/404.json", Map.of("group", group)))));
    }

    /** The leak check's listings find nothing tagged with the run. */
    public void nothingLeft() {
        String empty = fixture("kubeadm-up/resources-empty.json", Map.of());
        wm.stubFor(get(urlPathMatching(ci("/subscriptions/" + SUBSCRIPTION + "/resources"))).willReturn(json(200, empty)));
        wm.stubFor(get(urlPathMatching(ci("/subscriptions/" + SUBSCRIPTION + "/resourcegroups")))
                .willReturn(json(200, empty)));
    }

    /** The leak check finds an OS disk of the run that survived the group. */
    public void diskLeft(String group, String runId) {
        wm.stubFor(get(urlPathMatching(ci("/subscriptions/" + SUBSCRIPTION + "/resources"))).atPriority(1)
                .willReturn(json(200, fixture("leak/resources.json", Map.of("group", group, "runId", runId)))));
    }

    /** The subscription's groups for the janitor: expired, unexpired, a foreign one, a broken tag. */
    public void janitorGroups() {
        wm.stubFor(get(urlPathMatching(ci("/subscriptions/" + SUBSCRIPTION + "/resourcegroups"))).atPriority(1)
                .willReturn(json(200, fixture("janitor/resource-groups.json", Map.of()))));
    }

    /** Anything not stubbed is a 404 in ARM's shape, so that a missing stub shows in the test's error. */
    public void everythingElseNotFound() {
        wm.stubFor(any(urlPathMatching(".*")).atPriority(10).willReturn(json(404,
                "{\"error\":{\"code\":\"NotStubbed\",\"message\":\"the fake ARM has no answer for this call\"}}")));
    }

    @Override
    public void close() {
        wm.stop();
    }
}
