package io.fede2e.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fede2e.provider.api.Capability;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link E2eExtension} hands an {@link E2eTest}: the cluster's client, a fresh namespace
 * of its own (deleted after the test), the provider's capabilities, the artifacts directory and wait
 * helpers. Declare it as a test method parameter.
 */
public interface E2eContext {

    /** The test's namespace, {@code e2e-<short-name>-<5 random chars>}. */
    String namespace();

    /** The client for the cluster under test, shared by the tests of one run; do not close it. */
    KubernetesClient client();

    /** What the provider's cluster can do. */
    Set<Capability> capabilities();

    /** The provider's name, {@code unknown} when the runner did not say. */
    String provider();

    /** The run's artifacts directory, when the runner gave one. */
    Optional<Path> artifactsDir();

    /** A configuration parameter (JUnit's, falling back to system properties), blank counts as absent. */
    Optional<String> configurationParameter(String key);

    /** Pods per schedulable node for density tests ({@code fede2e.density.podsPerNode}, default 30). */
    int podsPerNode();

    /** The cluster's DNS domain ({@code fede2e.dnsDomain}, default {@code cluster.local}). */
    String dnsDomain();

    /** Wait helpers working in the test's namespace. */
    Waits waits();

    /** Wait helpers working in another namespace, for example one made by {@link #createNamespace}. */
    Waits waits(String namespace);

    /** The cluster's nodes, with changes that are undone after the test. */
    Nodes nodes();

    /**
     * Creates another namespace, {@code e2e-<shortName>-<5 random chars>}, labelled like the test's
     * own and deleted after the test unless the test deleted it.
     */
    String createNamespace(String shortName);

    /** Publishes a report entry; the runner writes it as a testcase property in junit_01.xml. */
    void report(String key, String value);
}
