package io.fede2e.layout;

import java.util.Objects;

/**
 * The object names of one build under a root, relative to it, in the test-infra layout:
 * {@code logs/<job>/<build>/started.json} and so on. Names use '/' whatever the platform.
 *
 * @param job the job
 * @param build the build
 */
public record BuildPaths(JobName job, BuildId build) {

    public static final String STARTED = "started.json";
    public static final String FINISHED = "finished.json";
    public static final String BUILD_LOG = "build-log.txt";
    public static final String ARTIFACTS = "artifacts";
    public static final String JUNIT_RUNNER = "junit_runner.xml";
    public static final String JUNIT_E2E = "junit_01.xml";
    public static final String LATEST_BUILD = "latest-build.txt";

    public BuildPaths {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(build, "build");
    }

    /** {@code logs/<job>/}: where the job's builds and latest-build.txt live. */
    public static String jobDir(JobName job) {
        return "logs/" + job.value() + "/";
    }

    /** {@code logs/<job>/latest-build.txt}. */
    public static String latestBuild(JobName job) {
        return jobDir(job) + LATEST_BUILD;
    }

    /** {@code logs/<job>/<build>/}. */
    public String dir() {
        return jobDir(job) + build.value() + "/";
    }

    /** {@code logs/<job>/<build>/started.json}. */
    public String started() {
        return dir() + STARTED;
    }

    /** {@code logs/<job>/<build>/finished.json}. */
    public String finished() {
        return dir() + FINISHED;
    }

    /** {@code logs/<job>/<build>/build-log.txt}. */
    public String buildLog() {
        return dir() + BUILD_LOG;
    }

    /** {@code logs/<job>/<build>/artifacts/}. */
    public String artifactsDir() {
        return dir() + ARTIFACTS + "/";
    }

    /** {@code logs/<job>/<build>/artifacts/junit_runner.xml}. */
    public String junitRunner() {
        return artifactsDir() + JUNIT_RUNNER;
    }

    /** {@code logs/<job>/<build>/artifacts/junit_01.xml}. */
    public String junitE2e() {
        return artifactsDir() + JUNIT_E2E;
    }

    /**
     * The object name of {@code relative}, a '/'-separated path inside the build directory.
     *
     * @throws LayoutException when {@code relative} is empty, absolute, uses '\\', has empty,
     *     {@code .} or {@code ..} parts or control characters: it would name something else
     */
    public String file(String relative) {
        String problem = relativeProblem(relative);
        if (problem != null) {
            throw new LayoutException("path '" + LayoutException.printable(String.valueOf(relative)) + "' " + problem
                    + ": it must name a file inside " + dir() + "; use a relative '/'-separated path such as"
                    + " artifacts/junit_01.xml");
        }
        return dir() + relative;
    }

    private static String relativeProblem(String relative) {
        if (relative == null || relative.isEmpty()) {
            return "is empty";
        }
        if (relative.startsWith("/")) {
            return "is absolute";
        }
        if (relative.indexOf('\\') >= 0) {
            return "contains '\\'";
        }
        for (int i = 0; i < relative.length(); i++) {
            if (Character.isISOControl(relative.charAt(i))) {
                return "contains a control character";
            }
        }
        for (String part : relative.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return "has an empty, '.' or '..' part";
            }
        }
        return null;
    }

    /**
     * Whether {@code relative} (inside a build directory) is a JUnit result file:
     * {@code artifacts/**}{@code /junit*.xml}.
     */
    public static boolean isJunitFile(String relative) {
        if (!relative.startsWith(ARTIFACTS + "/") || !relative.endsWith(".xml")) {
            return false;
        }
        String base = relative.substring(relative.lastIndexOf('/') + 1);
        return base.startsWith("junit");
    }
}
