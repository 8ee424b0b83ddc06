package io.fede2e.e2e;

/**
 * The JUnit configuration parameters the runner hands to the suite, defined once for both sides
 * (the runner sets them, {@link E2eExtension} reads them; both once spelled them out).
 */
public final class E2eParameters {

    /** The kubeconfig file of the cluster under test (required). */
    public static final String KUBECONFIG = "fede2e.kubeconfig";
    /** The provider's capabilities, comma-separated; absent means none. */
    public static final String CAPABILITIES = "fede2e.capabilities";
    /** Where tests write artifacts (metrics, dumps). */
    public static final String ARTIFACTS = "fede2e.artifacts";
    /** The provider's name. */
    public static final String PROVIDER = "fede2e.provider";
    /** The run id that labels the tests' namespaces ({@code fede2e.io/run-id}). */
    public static final String RUN_ID = "fede2e.runId";
    /** Pods per schedulable node in the density test. */
    public static final String PODS_PER_NODE = "fede2e.density.podsPerNode";
    /** How long a test namespace may take to disappear. */
    public static final String NAMESPACE_DELETE_TIMEOUT = "fede2e.namespaceDeleteTimeout";
    /** The cluster's DNS domain. */
    public static final String DNS_DOMAIN = "fede2e.dnsDomain";

    private E2eParameters() {
    }
}
