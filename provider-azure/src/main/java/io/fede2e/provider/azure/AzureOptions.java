package io.fede2e.provider.azure;

import io.fede2e.provider.api.ClusterSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The provider's options, read and checked before the first ARM call: every mistake is one line
 * naming the option and the value to pass instead.
 *
 * @param subscription the subscription id (option {@code subscription}, else AZURE_SUBSCRIPTION_ID)
 * @param location the Azure region, for example {@code eastus}
 * @param vmSize the VM size of every node (kubeadm) or of the node pool (AKS)
 * @param nodes worker nodes
 * @param kubernetesVersion the version to install, {@code v1.33.0}
 * @param image the VM image as {@code publisher:offer:sku:version}
 * @param ttl how long the resource group may live before the janitor deletes it
 * @param mode kubeadm or aks
 * @param sshSourceCidr who may reach SSH and the API server; {@code null} for the runner's public address
 * @param keepKey whether the state file keeps the SSH private key (for {@code fede2e down} from elsewhere)
 * @param runId the runner's run id, tagged on the resource group
 * @param job the job name tagged on the resource group
 */
record AzureOptions(String subscription, String location, String vmSize, int nodes, String kubernetesVersion,
        String image, Duration ttl, Mode mode, String sshSourceCidr, boolean keepKey, String runId, String job) {

    static final String DEFAULT_LOCATION = "eastus";
    static final String DEFAULT_VM_SIZE = "Standard_D2s_v5";
    static final String DEFAULT_IMAGE = "Canonical:ubuntu-24_04-lts:server:latest";
    static final Duration DEFAULT_TTL = Duration.ofHours(6);
    static final int MAX_NODES = 100;

    private static final Pattern SUBSCRIPTION = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9]{2,30}");
    private static final Pattern VM_SIZE = Pattern.compile("(Standard|Basic)_[A-Za-z][A-Za-z0-9_-]{1,40}");
    private static final Pattern VERSION = Pattern.compile("v1\\.\\d{1,2}\\.\\d{1,3}");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[A-Za-z0-9._-]+:[A-Za-z0-9._-]+");
    private static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    AzureOptions {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * The options of {@code spec}, checked; {@code env} gives AZURE_SUBSCRIPTION_ID and JOB_NAME.
     *
     * @throws IllegalArgumentException naming the first wrong option and what to pass
     */
    static AzureOptions of(ClusterSpec spec, Map<String, String> env) {
        String subscription = spec.option("subscription").filter(s -> !s.isBlank())
                .orElseGet(() -> env.getOrDefault("AZURE_SUBSCRIPTION_ID", "")).trim();
        if (subscription.isEmpty()) {
            throw new IllegalArgumentException("no Azure subscription: set AZURE_SUBSCRIPTION_ID or pass "
                    + "--provider-opt subscription=<subscription id>");
        }
        check(SUBSCRIPTION, subscription, "subscription", "a subscription id like 00000000-0000-0000-0000-000000000000");
        String location = spec.option("location", DEFAULT_LOCATION).trim();
        check(LOCATION, location, "location", "a region name like eastus or westeurope (az account list-locations)");
        String vmSize = spec.option("vm-size", DEFAULT_VM_SIZE).trim();
        check(VM_SIZE, vmSize, "vm-size", "a size like " + DEFAULT_VM_SIZE);
        if (spec.nodeCount() > MAX_NODES) {
            throw new IllegalArgumentException("--nodes " + spec.nodeCount() + " is more than " + MAX_NODES
                    + " workers; pass --nodes 1 to " + MAX_NODES);
        }
        String version = spec.kubernetesVersion().trim();
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("--kubernetes-version '" + version + "' is not a release version; "
                    + "pass one like v1.33.0");
        }
        String image = spec.option("image", DEFAULT_IMAGE).trim();
        check(IMAGE, image, "image", "publisher:offer:sku:version, like " + DEFAULT_IMAGE);
        Duration ttl = spec.durationOption("ttl", DEFAULT_TTL);
        if (ttl.compareTo(Duration.ofMinutes(10)) < 0 || ttl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("provider option ttl=" + spec.option("ttl", "") + " must be between "
                    + "10m and 7 days; pass e.g. --provider-opt ttl=6h");
        }
        Mode mode = Mode.parse(spec.option("mode", Mode.KUBEADM.label()));
        String cidr = spec.option("ssh-source-cidr").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (cidr != null) {
            check(CIDR, cidr, "ssh-source-cidr", "an IPv4 range like 203.0.113.7/32");
        }
        boolean keepKey = spec.booleanOption("keep-key", false);
        String runId = spec.option("run-id").map(String::trim).filter(s -> !s.isEmpty()).orElse(spec.name());
        check(LABEL, runId, "run-id", "letters, digits, dots, dashes and underscores, at most 63");
        String job = env.getOrDefault("JOB_NAME", "").trim();
        job = job.isEmpty() ? "local" : job.replaceAll("[^A-Za-z0-9._-]", "-");
        return new AzureOptions(subscription, location, vmSize, spec.nodeCount(), version, image, ttl, mode, cidr,
                keepKey, runId, job.length() > 63 ? job.substring(0, 63) : job);
    }

    private static void check(Pattern pattern, String value, String option, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("provider option " + option + "='" + value + "' is not valid; pass "
                    + expected);
        }
    }

    /** The image's four parts. */
    String[] imageParts() {
        return image.split(":");
    }
}
