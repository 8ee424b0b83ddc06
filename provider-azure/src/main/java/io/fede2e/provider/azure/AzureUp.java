package io.fede2e.provider.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.DiskDeleteOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.SshPublicKey;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.AgentPoolMode;
import com.azure.resourcemanager.containerservice.models.ManagedClusterAgentPoolProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterIdentity;
import com.azure.resourcemanager.containerservice.models.OSType;
import com.azure.resourcemanager.containerservice.models.ResourceIdentityType;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import io.fede2e.provider.api.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Up: one tagged resource group, then either VMs bootstrapped with kubeadm over SSH or an AKS
 * cluster. Every independent step runs at once (the VMs, the installs, the joins), so that Up
 * with 50 workers takes about as long as with one: the wall time belongs to the cloud.
 */
final class AzureUp {

    static final String TAG_RUN_ID = "fede2e-run-id";
    static final String TAG_JOB = "fede2e-job";
    static final String TAG_EXPIRES_AT = "fede2e-expires-at";
    static final String POD_CIDR = "192.168.0.0/16";
    static final String NSG = "fede2e-nsg";
    static final String VNET = "fede2e-vnet";
    static final String SUBNET = "nodes";
    static final String PUBLIC_IP = "control-plane-ip";
    private static final Pattern JOIN = Pattern.compile(
            "kubeadm join (\\S+) --token (\\S+)\\s+--discovery-token-ca-cert-hash (\\S+)");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Logger LOG = LoggerFactory.getLogger(AzureUp.class);

    private final AzureSettings settings;
    private final AzureOptions options;
    private final Arm arm;
    private final Cluster cluster;
    private final Consumer<String> secrets;

    AzureUp(AzureSettings settings, AzureOptions options, Arm arm, Cluster cluster, Consumer<String> secrets) {
        this.settings = settings;
        this.options = options;
        this.arm = arm;
        this.cluster = cluster;
        this.secrets = secrets;
    }

    /** {@code fede2e-<job>-<build>-<5 random>}: the cluster name the runner made, and a suffix of its own. */
    static String groupName(String clusterName, java.util.random.RandomGenerator random) {
        StringBuilder s = new StringBuilder(clusterName.startsWith("fede2e") ? clusterName : "fede2e-" + clusterName);
        s.append('-');
        for (int i = 0; i < 5; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_RUN_ID, options.runId());
        tags.put(TAG_JOB, options.job());
        tags.put(TAG_EXPIRES_AT, settings.clock().instant().plus(options.ttl()).truncatedTo(ChronoUnit.SECONDS)
                .toString());
        return tags;
    }

    /** Creates everything; {@code cluster.group} is set before the first call that creates something. */
    void run(Path workDir, java.util.function.Supplier<Ssh> ssh) {
        Map<String, String> tags = tags();
        // Asked before anything is created: a failed lookup costs the user nothing to clean up.
        String source = options.mode() == Mode.KUBEADM ? sshSource() : null;
        LOG.info("Up: creating resource group {} in {}", cluster.group, options.location());
        arm(arm.resources.getResourceGroups().createOrUpdateAsync(cluster.group,
                new ResourceGroupInner().withLocation(options.location()).withTags(tags)),
                "creating resource group " + cluster.group);
        if (options.mode() == Mode.AKS) {
            aks(tags, workDir);
        } else {
            kubeadm(tags, workDir, ssh, source);
        }
    }

    /** Who may reach SSH and 6443: {@code ssh-source-cidr}, else this machine's public address. */
    private String sshSource() {
        return options.sshSourceCidr() != null ? options.sshSourceCidr() : settings.publicAddress().get() + "/32";
    }

    private void kubeadm(Map<String, String> tags, Path workDir, java.util.function.Supplier<Ssh> ssh, String source) {
        cluster.key = RunKey.generate("fede2e-" + options.runId());
        cluster.key.secretValues().forEach(secrets);
        Mono<String> subnet = arm.network.getNetworkSecurityGroups()
                .createOrUpdateAsync(cluster.group, NSG, nsg(source, tags))
                .flatMap(nsg -> arm.network.getVirtualNetworks().createOrUpdateAsync(cluster.group, VNET,
                        vnet(nsg.id(), tags)))
                .map(vnet -> vnet.subnets().get(0).id());
        Mono<PublicIpAddressInner> ip = arm.network.getPublicIpAddresses().createOrUpdateAsync(cluster.group,
                PUBLIC_IP, new PublicIpAddressInner().withLocation(options.location()).withTags(tags)
                        .withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD))
                        .withPublicIpAllocationMethod(IpAllocationMethod.STATIC));
        var network = arm(Mono.zip(subnet, ip), "creating the network of " + cluster.group);
        String subnetId = network.getT1();
        cluster.publicAddress = network.getT2().ipAddress();
        if (cluster.publicAddress == null) {
            throw new ProviderException("public IP " + PUBLIC_IP + " of " + cluster.group + " has no address; "
                    + "check the subscription's public IP quota in " + options.location());
        }
        LOG.info("Up: creating {} VMs ({}) at once", options.nodes() + 1, options.vmSize());
        List<Mono<Cluster.Node>> vms = new ArrayList<>();
        vms.add(vm(Cluster.CONTROL_PLANE, subnetId, network.getT2().id(), tags));
        for (int i = 1; i <= options.nodes(); i++) {
            vms.add(vm(Cluster.workerName(i), subnetId, null, tags));
        }
        arm(Flux.merge(vms).doOnNext(this::record).then(), "creating the VMs of " + cluster.group);
        cluster.workers.sort(java.util.Comparator.comparing(Cluster.Node::name));
        bootstrap(workDir, ssh.get());
    }

    private synchronized void record(Cluster.Node node) {
        if (node.name().equals(Cluster.CONTROL_PLANE)) {
            cluster.controlPlane = node;
        } else {
            cluster.workers.add(node);
        }
    }

    private Mono<Cluster.Node> vm(String name, String subnetId, String publicIpId, Map<String, String> tags) {
        NetworkInterfaceIpConfigurationInner ipConfig = new NetworkInterfaceIpConfigurationInner().withName("ipconfig")
                .withSubnet(new SubnetInner().withId(subnetId))
                .withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC);
        if (publicIpId != null) {
            ipConfig.withPublicIpAddress(new PublicIpAddressInner().withId(publicIpId));
        }
        String[] image = options.imageParts();
        return arm.network.getNetworkInterfaces().createOrUpdateAsync(cluster.group, name + "-nic",
                new NetworkInterfaceInner().withLocation(options.location()).withTags(tags)
                        .withIpConfigurations(List.of(ipConfig)))
                .flatMap(nic -> arm.compute.getVirtualMachines().createOrUpdateAsync(cluster.group, name,
                        new VirtualMachineInner().withLocation(options.location()).withTags(tags)
                                .withHardwareProfile(new HardwareProfile()
                                        .withVmSize(VirtualMachineSizeTypes.fromString(options.vmSize())))
                                .withStorageProfile(new StorageProfile()
                                        .withImageReference(new ImageReference().withPublisher(image[0])
                                                .withOffer(image[1]).withSku(image[2]).withVersion(image[3]))
                                        .withOsDisk(new OSDisk().withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                                                .withDeleteOption(DiskDeleteOptionTypes.DELETE)
                                                .withManagedDisk(new ManagedDiskParameters()
                                                        .withStorageAccountType(StorageAccountTypes.STANDARD_SSD_LRS))))
                                .withOsProfile(new OSProfile().withComputerName(name).withAdminUsername(Ssh.USER)
                                        .withLinuxConfiguration(new LinuxConfiguration()
                                                .withDisablePasswordAuthentication(true)
                                                .withSsh(new SshConfiguration().withPublicKeys(List.of(
                                                        new SshPublicKey()
                                                                .withPath("/home/" + Ssh.USER + "/.ssh/authorized_keys")
                                                                .withKeyData(cluster.key.publicKey()))))))
                                .withNetworkProfile(new NetworkProfile().withNetworkInterfaces(List.of(
                                        new NetworkInterfaceReference().withId(nic.id()).withPrimary(true)))))
                        .map(created -> new Cluster.Node(name, nic.ipConfigurations().get(0).privateIpAddress())))
                .onErrorMap(e -> new ProviderException("creating VM " + name + " failed: " + Arm.describe(e),
                        Arm.describe(e), e));
    }

    private NetworkSecurityGroupInner nsg(String source, Map<String, String> tags) {
        return new NetworkSecurityGroupInner().withLocation(options.location()).withTags(tags).withSecurityRules(List.of(
                rule("ssh", "22", 100, source), rule("kube-apiserver", "6443", 110, source)));
    }

    private static SecurityRuleInner rule(String name, String port, int priority, String source) {
        return new SecurityRuleInner().withName(name).withProtocol(SecurityRuleProtocol.TCP)
                .withSourceAddressPrefix(source).withSourcePortRange("*").withDestinationAddressPrefix("*")
                .withDestinationPortRange(port).withAccess(SecurityRuleAccess.ALLOW)
                .withDirection(SecurityRuleDirection.INBOUND).withPriority(priority);
    }

    private VirtualNetworkInner vnet(String nsgId, Map<String, String> tags) {
        return new VirtualNetworkInner().withLocation(options.location()).withTags(tags)
                .withAddressSpace(new AddressSpace().withAddressPrefixes(List.of("10.240.0.0/16")))
                .withSubnets(List.of(new SubnetInner().withName(SUBNET).withAddressPrefix("10.240.0.0/16")
                        .withNetworkSecurityGroup(new NetworkSecurityGroupInner().withId(nsgId))));
    }

    /** The ARM call's result within the bound; its failure as a ProviderException naming what and what next. */
    private <T> T arm(Mono<T> call, String what) {
        try {
            return call.block(settings.armWait());
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("Timeout on blocking")) {
                throw new ProviderException(what + " took longer than " + settings.armWait()
                        + "; Down deletes the resource group; look at its activity log in the Azure portal", e);
            }
            throw Arm.failed(what, e, "Down deletes the resource group; fix the cause and run again");
        }
    }

    // ---- kubeadm over SSH ----

    private void bootstrap(Path workDir, Ssh ssh) {
        Ssh.Target cp = AzureProvider.target(settings, cluster, cluster.controlPlane);
        LOG.info("Up: installing Kubernetes {} on {} VMs at once", options.kubernetesVersion(), cluster.allNodes().size());
        parallel(cluster.allNodes(), n -> step(ssh, n, Script.INSTALL, List.of(options.kubernetesVersion())));
        LOG.info("Up: kubeadm init on {}", Cluster.CONTROL_PLANE);
        step(ssh, cluster.controlPlane, Script.INIT, List.of(options.kubernetesVersion(), cluster.publicAddress, POD_CIDR));
        Ssh.Result join = ssh.run(cp, "sudo kubeadm token create --print-join-command --ttl 2h", null,
                settings.commandTimeout());
        Matcher m = JOIN.matcher(join.output());
        if (join.exitCode() != 0 || !m.find()) {
            throw new ProviderException("kubeadm token create on " + Cluster.CONTROL_PLANE + " gave no join command "
                    + "(exit " + join.exitCode() + "); see its output", join.output(), null);
        }
        secrets.accept(m.group(2));
        secrets.accept(m.group(3));
        List<String> joinArgs = List.of(m.group(1), m.group(2), m.group(3));
        LOG.info("Up: joining {} workers at once", cluster.workers.size());
        parallel(cluster.workers, n -> step(ssh, n, Script.JOIN, joinArgs));
        Ssh.Result admin = ssh.run(cp, "sudo cat /etc/kubernetes/admin.conf", null, settings.commandTimeout());
        if (admin.exitCode() != 0 || !admin.output().contains("clusters:")) {
            throw new ProviderException("cannot read /etc/kubernetes/admin.conf on " + Cluster.CONTROL_PLANE
                    + " (exit " + admin.exitCode() + ")", admin.output(), null);
        }
        Kubeconfigs.secrets(admin.output()).forEach(secrets);
        writeKubeconfig(cluster, workDir, Kubeconfigs.withServer(admin.output(),
                "https://" + cluster.publicAddress + ":" + settings.apiPort()));
        step(ssh, cluster.controlPlane, Script.WAIT_READY, List.of(Integer.toString(options.nodes() + 1),
                Long.toString(settings.commandTimeout().toSeconds())));
    }

    private void step(Ssh ssh, Cluster.Node node, Script script, List<String> args) {
        Ssh.Result r = ssh.run(AzureProvider.target(settings, cluster, node), script.command(args), script.text(),
                settings.commandTimeout());
        if (r.exitCode() != 0) {
            throw new ProviderException("bootstrap step " + script.file() + " failed on VM " + node.name() + " of "
                    + cluster.group + " (exit " + r.exitCode() + "); its output follows, and the VM's logs are in "
                    + "artifacts/nodes/" + node.name() + "/", "[" + node.name() + "] " + script.file() + ":\n"
                    + r.output(), null);
        }
    }

    /** Runs {@code work} for every node at once; the first failure (all failures' output) is thrown. */
    static void parallel(List<Cluster.Node> nodes, Consumer<Cluster.Node> work) {
        if (nodes.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(nodes.size(), 64), r -> {
            Thread t = new Thread(r, "fede2e-azure-node-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            nodes.forEach(node -> futures.add(pool.submit(() -> work.accept(node))));
            ProviderException first = null;
            StringBuilder outputs = new StringBuilder();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    ProviderException p = cause instanceof ProviderException pe ? pe
                            : new ProviderException(String.valueOf(cause.getMessage()), cause);
                    first = first == null ? p : first;
                    outputs.append(p.output()).append('\n');
                }
            }
            if (first != null) {
                throw new ProviderException(first.getMessage(), outputs.toString().trim(), first.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while working on the VMs", e);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- AKS ----

    private void aks(Map<String, String> tags, Path workDir) {
        LOG.info("Up: creating AKS cluster {} with {} nodes ({})", Cluster.AKS_CLUSTER, options.nodes(), options.vmSize());
        arm(arm.aks.getManagedClusters().createOrUpdateAsync(cluster.group, Cluster.AKS_CLUSTER,
                new ManagedClusterInner().withLocation(options.location()).withTags(tags).withDnsPrefix(cluster.group)
                        .withKubernetesVersion(options.kubernetesVersion().substring(1))
                        .withNodeResourceGroup(cluster.group + "-nodes")
                        .withIdentity(new ManagedClusterIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED))
                        .withAgentPoolProfiles(List.of(new ManagedClusterAgentPoolProfile().withName("nodes")
                                .withCount(options.nodes()).withVmSize(options.vmSize()).withMode(AgentPoolMode.SYSTEM)
                                .withOsType(OSType.LINUX).withTags(tags)))),
                "creating AKS cluster " + Cluster.AKS_CLUSTER + " in " + cluster.group);
        String kubeconfig = arm(aksAdminKubeconfig(arm, cluster.group),
                "fetching the admin kubeconfig of " + cluster.group);
        Kubeconfigs.secrets(kubeconfig).forEach(secrets);
        writeKubeconfig(cluster, workDir, kubeconfig);
        AksApi.waitForReadyNodes(cluster.kubeconfig, options.nodes(), settings.commandTimeout());
    }

    /**
     * The AKS cluster's admin kubeconfig, as ARM hands it out: after Up, and again when a fresh
     * process reattaches to a state whose kubeconfig file is gone with the agent that wrote it.
     */
    static Mono<String> aksAdminKubeconfig(Arm arm, String group) {
        return arm.aks.getManagedClusters().listClusterAdminCredentialsAsync(group, Cluster.AKS_CLUSTER)
                .map(credentials -> {
                    if (credentials.kubeconfigs() == null || credentials.kubeconfigs().isEmpty()) {
                        throw new ProviderException("AKS returned no admin kubeconfig for " + group
                                + "; check that local accounts are enabled on the cluster");
                    }
                    return new String(credentials.kubeconfigs().get(0).value(), StandardCharsets.UTF_8);
                });
    }

    /** Writes {@code text} as {@code workDir/kubeconfig}, readable by this user only, and records it in {@code cluster}. */
    static void writeKubeconfig(Cluster cluster, Path workDir, String text) {
        try {
            Path file = workDir.resolve("kubeconfig");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            cluster.kubeconfig = file;
        } catch (IOException e) {
            throw new ProviderException("cannot write the kubeconfig into " + workDir + ": " + e.getMessage(), e);
        }
    }

    static Instant expiresAt(Map<String, String> tags) {
        try {
            String v = tags == null ? null : tags.get(TAG_EXPIRES_AT);
            return v == null ? null : Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

}
