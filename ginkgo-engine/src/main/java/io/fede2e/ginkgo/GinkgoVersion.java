package io.fede2e.ginkgo;

/** The Ginkgo major version a binary was built with: the two spell their flags differently. */
enum GinkgoVersion {
    /** Ginkgo v1 (Kubernetes up to 1.24): {@code --ginkgo.dryRun}, {@code --ginkgo.noColor}. */
    V1,
    /** Ginkgo v2 (Kubernetes 1.25 and newer): {@code --ginkgo.dry-run}, {@code --ginkgo.no-color}. */
    V2
}
