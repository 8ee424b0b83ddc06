package io.fede2e.provider.azure;

import com.azure.core.credential.TokenCredential;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Where the provider reaches Azure and its VMs, and how long it waits: the real cloud by default,
 * loopback fakes in tests (ARM on WireMock, the VMs on an in-process SSH server).
 *
 * @param armEndpoint Azure Resource Manager; plain http is accepted on loopback only
 * @param credential the credential, or {@code null} for azure-identity's chain chosen by the options
 * @param env the environment variables (AZURE_*, JOB_NAME)
 * @param home the user's home, where an az CLI login lives
 * @param clock the clock for expiry tags
 * @param random the source of the resource group's random suffix
 * @param sshPort the port of sshd on every VM
 * @param apiPort the port of the API server on the control plane
 * @param sshWait how long a VM's sshd may take to answer after the VM was created
 * @param commandTimeout the bound of one bootstrap command
 * @param armRetryBase the first backoff of a retried ARM call that carries no Retry-After
 * @param armWait how long one ARM operation (a create, the group's deletion) may take
 * @param publicAddress this machine's public IPv4 address, for the network security group when
 *     {@code ssh-source-cidr} is not set (the real one asks api.ipify.org; tests answer it themselves)
 */
record AzureSettings(URI armEndpoint, TokenCredential credential, Map<String, String> env, Path home, Clock clock,
        RandomGenerator random, int sshPort, int apiPort, Duration sshWait, Duration commandTimeout,
        Duration armRetryBase, Duration armWait, Supplier<String> publicAddress) {

    static final URI AZURE_PUBLIC_CLOUD = URI.create("https://management.azure.com/");

    AzureSettings {
        Objects.requireNonNull(armEndpoint, "armEndpoint");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(publicAddress, "publicAddress");
        boolean loopback = "127.0.0.1".equals(armEndpoint.getHost()) || "localhost".equals(armEndpoint.getHost());
        if (!"https".equals(armEndpoint.getScheme()) && !loopback) {
            throw new IllegalArgumentException("ARM endpoint " + armEndpoint + " must use https");
        }
    }

    /** The real Azure public cloud, with this process's environment. */
    static AzureSettings azure() {
        return new AzureSettings(AZURE_PUBLIC_CLOUD, null, System.getenv(), Path.of(System.getProperty("user.home")),
                Clock.systemUTC(), new java.security.SecureRandom(), 22, 6443, Duration.ofMinutes(5),
                Duration.ofMinutes(20), Duration.ofSeconds(2), Duration.ofMinutes(30),
                () -> PublicAddress.lookUp(PublicAddress.SERVICE, Duration.ofSeconds(15)));
    }

    /** Whether ARM is a loopback fake reached over plain http. */
    boolean plainHttp() {
        return "http".equals(armEndpoint.getScheme());
    }
}
