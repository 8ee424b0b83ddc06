package io.fede2e.runner.cli;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.layout.LayoutException;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.uploader.StoreOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where results go: job, build and root, with Jenkins' variables as defaults. */
public final class ResultsOptions {

    /** The default root: a bucket directory under the working directory. */
    public static final String DEFAULT_ROOT = "file://./_output/bucket";

    @Option(names = "--job", paramLabel = "JOB", description = "Job name. Default: JOB_NAME, else local-<provider>.")
    String job;

    @Option(names = "--build", paramLabel = "N", description = "Build id. Default: BUILD_NUMBER, else the next free one.")
    String build;

    @Option(names = "--to", paramLabel = "ROOT",
            description = "Results root, gs://bucket/prefix or file://DIR; a trailing /logs is the layout's own "
                    + "and is dropped. Default: JENKINS_GCS_LOGS_PATH without its /logs, else " + DEFAULT_ROOT + ".")
    String to;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Service-account key for gs:// (default: GOOGLE_APPLICATION_CREDENTIALS or ADC).")
    Path credentials;

    JobName job(JenkinsEnv jenkins, String fallback) {
        String value = job != null ? job : jenkins.job().orElse(fallback);
        String source = job != null ? "--job" : jenkins.job().isPresent() ? "JOB_NAME" : "default job";
        try {
            return JobName.of(value);
        } catch (LayoutException e) {
            throw new CliException(CliException.USAGE, source + ": " + e.getMessage(), e);
        }
    }

    Optional<BuildId> build(JenkinsEnv jenkins) {
        Optional<String> value = build != null ? Optional.of(build) : jenkins.build();
        try {
            return value.map(BuildId::parse);
        } catch (LayoutException e) {
            throw new CliException(CliException.USAGE, (build != null ? "--build" : "BUILD_NUMBER") + ": "
                    + e.getMessage(), e);
        }
    }

    /** The root as the store understands it; relative file:// roots are made absolute against the cwd. */
    String root(JenkinsEnv jenkins, Env env) {
        String value = to != null ? JenkinsEnv.withoutLogsDir(to) : jenkins.root().orElse(DEFAULT_ROOT);
        return absolute(value, env);
    }

    static String absolute(String root, Env env) {
        if (root.startsWith("gs://")) {
            return root;
        }
        if (root.startsWith("file://")) {
            String path = root.substring("file://".length());
            if (path.startsWith("/")) {
                return root;
            }
            return env.resolve(Path.of(path)).toUri().toString();
        }
        if (root.contains("://")) {
            throw new CliException(CliException.USAGE, "results root '" + root
                    + "' is not supported: use gs://bucket/prefix or file://DIR");
        }
        return env.resolve(Path.of(root)).toUri().toString();
    }

    StoreOptions storeOptions(Env env) {
        return new StoreOptions(credentials == null ? null : env.resolve(credentials), null);
    }
}
