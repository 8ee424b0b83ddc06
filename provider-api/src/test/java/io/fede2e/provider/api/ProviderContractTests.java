package io.fede2e.provider.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The contract every provider keeps, as a test a provider module extends: supply {@link #factory()}
 * and, if the default does not suit, {@link #spec()}.
 *
 * <pre>{@code
 * class MyProviderContractTests extends ProviderContractTests {
 *     protected ClusterProviderFactory factory() { return new MyProviderFactory(); }
 * }
 * }</pre>
 *
 * <p>It checks that {@code up} gives a cluster that {@code isUp} and whose kubeconfig reaches an API
 * server answering {@code GET /version}; that {@code down} releases every port (a server on this
 * machine refuses connections afterwards) and every thread the provider started; that {@code down}
 * twice, and {@code down} without {@code up}, are harmless. The module needs JUnit Jupiter and
 * AssertJ on its test class path; the probe uses only {@code java.net.http}.
 */
public abstract class ProviderContractTests {

    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*['\"]?([^'\"\\s]+)['\"]?\\s*$");

    // One client for the whole run: its selector thread belongs to the baseline, not to the provider.
    private static final HttpClient PROBE = probeClient();

    private ClusterProvider provider;

    /** The factory of the provider under test. */
    protected abstract ClusterProviderFactory factory();

    /** The cluster to create; by default one node named {@code contract}. */
    /**
     * {@code real} with each provider it creates passed through {@code wrap}: for a provider whose
     * test needs a cluster of its own around it, or a test that keeps track of what it created.
     */
    protected static ClusterProviderFactory wrapping(ClusterProviderFactory real,
            UnaryOperator<ClusterProvider> wrap) {
        return new ClusterProviderFactory() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public String description() {
                return real.description();
            }

            @Override
            public List<ProviderOption> options() {
                return real.options();
            }

            @Override
            public Set<Capability> capabilities() {
                return real.capabilities();
            }

            @Override
            public ClusterProvider create() {
                return wrap.apply(real.create());
            }
        };
    }

    protected ClusterSpec spec() {
        return new ClusterSpec("contract", 1, "v1.33.0", Map.of());
    }

    /** How long threads may take to end after {@code down}. */
    protected Duration threadGracePeriod() {
        return Duration.ofSeconds(10);
    }

    /**
     * Threads that are not the provider's even if they appear during a run (JDK and test-runner
     * pools); override to add a library's process-wide threads, with care.
     */
    protected boolean isForeignThread(Thread t) {
        String n = t.getName();
        return n.startsWith("ForkJoinPool.commonPool") || n.equals("process reaper") || n.equals("Common-Cleaner")
                || n.startsWith("surefire") || n.equals("Attach Listener") || n.startsWith("junit-")
                || n.startsWith("HttpClient-") || n.equals("Reference Handler") || n.equals("Finalizer")
                || n.equals("Signal Dispatcher");
    }

    @AfterEach
    void tearDown() {
        if (provider != null) {
            provider.down();
        }
    }

    private ClusterProvider newProvider() {
        provider = factory().create();
        return provider;
    }

    @Test
    void theFactoryDescribesItsProvider() {
        ClusterProviderFactory factory = factory();
        assertThat(factory.name()).matches("[a-z][a-z0-9-]*");
        assertThat(factory.description()).isNotBlank().doesNotContain("\n");
        List<String> names = factory.options().stream().map(ProviderOption::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(factory.capabilities()).isNotNull();
        assertThat(newProvider().name()).isEqualTo(factory.name());
    }

    @Test
    void upGivesAClusterThatAnswersThroughItsKubeconfig() throws Exception {
        ClusterProvider p = newProvider();
        assertThat(p.isUp()).as("isUp before up").isFalse();

        p.up(spec());

        assertThat(p.isUp()).as("isUp after up").isTrue();
        Path kubeconfig = p.kubeconfig();
        assertThat(kubeconfig).as("kubeconfig").isRegularFile();
        URI server = serverOf(kubeconfig);
        HttpResponse<String> version = PROBE.send(HttpRequest.newBuilder(server.resolve("/version"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(version.statusCode()).as("GET /version of " + server).isBetween(200, 499);
        if (version.statusCode() == 200) {
            assertThat(version.body()).contains("gitVersion");
        }
        assertThat(p.capabilities()).isSubsetOf(factory().capabilities());
        assertThat(p.metadata().values()).allSatisfy(v -> assertThat(v).isNotNull());
    }

    @Test
    void downReleasesEveryPortAndThread() throws Exception {
        // A first cycle lets libraries start their process-wide singletons before the baseline.
        ClusterProvider warmUp = newProvider();
        warmUp.up(spec());
        warmUp.down();
        Set<Thread> baseline = liveThreads();

        ClusterProvider p = newProvider();
        p.up(spec());
        URI server = serverOf(p.kubeconfig());
        p.down();

        assertThat(p.isUp()).as("isUp after down").isFalse();
        InetAddress host = InetAddress.getByName(server.getHost());
        if (host.isLoopbackAddress()) {
            int port = server.getPort() > 0 ? server.getPort() : "https".equals(server.getScheme()) ? 443 : 80;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                fail("the API server port " + port + " still accepts connections after down()");
            } catch (ConnectException expected) {
                // refused: the port was released
            }
        }
        try {
            // Polled in this thread: Awaitility's own poller would count as a thread left behind.
            Awaitility.await("threads started by up() end after down()").atMost(threadGracePeriod())
                    .pollInSameThread().pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        Set<Thread> leaked = liveThreads();
                        leaked.removeAll(baseline);
                        java.util.SortedSet<String> names = leaked.stream()
                                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                                .collect(Collectors.toCollection(java.util.TreeSet::new));
                        assertThat(names).as("threads still alive " + threadGracePeriod() + " after down()")
                                .isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            // The provider author reads the assertion: which threads are left.
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw e;
        }
    }

    @Test
    void downTwiceIsHarmless() {
        ClusterProvider p = newProvider();
        p.up(spec());
        p.down();

        assertThatCode(p::down).doesNotThrowAnyException();
        assertThat(p.isUp()).isFalse();
    }

    @Test
    void downWithoutUpIsHarmless() {
        ClusterProvider p = newProvider();

        assertThatCode(p::down).doesNotThrowAnyException();
        assertThatCode(p::close).doesNotThrowAnyException();
        assertThat(p.isUp()).isFalse();
    }

    private Set<Thread> liveThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !isForeignThread(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The API server URL of the current context's cluster (the first {@code server:} line). */
    protected static URI serverOf(Path kubeconfig) throws IOException {
        String text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
        Matcher m = SERVER.matcher(text);
        if (!m.find()) {
            throw new AssertionError("kubeconfig " + kubeconfig + " names no server");
        }
        return URI.create(m.group(1));
    }

    private static HttpClient probeClient() {
        try {
            // The probe only asks whether the server answers; it does not authenticate it.
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the HTTP probe: " + e.getMessage(), e);
        }
    }
}
