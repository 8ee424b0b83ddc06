package io.fede2e.runner.lifecycle;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.runner.suite.SuiteConfig;
import io.fede2e.uploader.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code fede2e run} was asked to do, validated.
 *
 * @param job the job
 * @param build the build id, or empty to allocate one
 * @param root the results root
 * @param storeOptions how to reach the root
 * @param runsDir where local run directories go ({@code <runsDir>/<job>/<build>/})
 * @param factory the provider
 * @param spec the cluster to create
 * @param up whether to bring the cluster up (false: reattach to the one in {@code stateFile})
 * @param test whether to run the tests
 * @param down whether to tear the cluster down
 * @param stateFile where the cluster is recorded when it is kept or reused
 * @param suite the tests
 * @param timeout the whole run's limit, or {@code null}
 * @param reserve the part of {@code timeout} kept for DumpLogs and Down
 * @param metadata extra started.json metadata (build-url ...)
 * @param node started.json's node
 * @param dashboardDir where to build the history site afterwards, or {@code null}
 */
public record RunRequest(JobName job, Optional<BuildId> build, String root, StoreOptions storeOptions, Path runsDir,
                         ClusterProviderFactory factory, ClusterSpec spec, boolean up, boolean test, boolean down,
                         Path stateFile, SuiteConfig suite, Duration timeout, Duration reserve,
                         Map<String, String> metadata, String node, Path dashboardDir) {

    public RunRequest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(suite, "suite");
        metadata = Map.copyOf(metadata);
        node = node == null ? "" : node;
    }
}
