package io.fede2e.jobs.fakes;

/** What Jenkins throws into a running step when the build is aborted (its simple name is what the Jenkinsfile checks). */
public final class FlowInterruptedException extends RuntimeException {

    public FlowInterruptedException() {
        super("aborted by user");
    }
}
