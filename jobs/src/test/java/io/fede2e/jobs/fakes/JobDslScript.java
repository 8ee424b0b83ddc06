package io.fede2e.jobs.fakes;

import groovy.lang.Closure;
import groovy.lang.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The base class of a Job DSL script under test: a recording implementation of the part of the
 * Job DSL API (plugins.jenkins.io/job-dsl, API viewer) the scripts use, with the same method
 * names, argument lists and nesting. Closures run with DELEGATE_FIRST like Job DSL's, so a method
 * Job DSL does not have in that context reaches the script and fails with
 * MissingMethodException.
 *
 * <p>{@code readFileFromWorkspace} reads from the directory in the binding variable
 * {@code WORKSPACE}, as the seed job's workspace.
 */
public abstract class JobDslScript extends Script {

    private final List<RecordedJob> jobs = new ArrayList<>();

    /** The jobs the script declared, in order. */
    public List<RecordedJob> jobs() {
        return List.copyOf(jobs);
    }

    public RecordedJob freeStyleJob(String name, Closure<?> body) {
        RecordedJob job = new RecordedJob("freeStyleJob", name);
        jobs.add(job);
        run(body, new FreeStyleJobContext(job));
        return job;
    }

    public RecordedJob pipelineJob(String name, Closure<?> body) {
        RecordedJob job = new RecordedJob("pipelineJob", name);
        jobs.add(job);
        run(body, new PipelineJobContext(job));
        return job;
    }

    public String readFileFromWorkspace(String path) {
        Path workspace = Path.of(String.valueOf(getBinding().getVariable("WORKSPACE")));
        try {
            return Files.readString(workspace.resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("readFileFromWorkspace(" + path + "): " + e.getMessage(), e);
        }
    }

    static void run(Closure<?> body, Object context) {
        if (body == null) {
            return;
        }
        Closure<?> c = (Closure<?>) body.clone();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(context);
        c.call();
    }

    /** Job DSL's {@code Job}: what every job type has. */
    public static class JobContext {
        final RecordedJob job;

        JobContext(RecordedJob job) {
            this.job = job;
        }

        public void description(String text) {
            job.description = text;
        }

        public void logRotator(Closure<?> body) {
            run(body, new LogRotatorContext(job));
        }

        public void logRotator(int daysToKeep, int numToKeep) {
            job.numToKeep = numToKeep;
        }

        public void parameters(Closure<?> body) {
            run(body, new BuildParametersContext(job));
        }

        public void triggers(Closure<?> body) {
            run(body, new TriggerContext(job));
        }
    }

    /** Job DSL's {@code FreeStyleJob} (a {@code Project}). */
    public static final class FreeStyleJobContext extends JobContext {

        FreeStyleJobContext(RecordedJob job) {
            super(job);
        }

        public void label(String labelExpression) {
            job.label = labelExpression;
        }

        public void concurrentBuild() {
            concurrentBuild(true);
        }

        public void concurrentBuild(boolean allowConcurrentBuild) {
            job.concurrentBuild = allowConcurrentBuild;
        }

        public void wrappers(Closure<?> body) {
            run(body, new WrapperContext(job));
        }

        public void steps(Closure<?> body) {
            run(body, new StepContext(job));
        }

        public void publishers(Closure<?> body) {
            run(body, new PublisherContext(job));
        }
    }

    /** Job DSL's {@code WorkflowJob}. */
    public static final class PipelineJobContext extends JobContext {

        PipelineJobContext(RecordedJob job) {
            super(job);
        }

        public void definition(Closure<?> body) {
            run(body, new WorkflowDefinitionContext(job));
        }
    }

    public static final class LogRotatorContext {
        private final RecordedJob job;

        LogRotatorContext(RecordedJob job) {
            this.job = job;
        }

        public void numToKeep(int value) {
            job.numToKeep = value;
        }

        public void daysToKeep(int value) {
            // recorded only as accepted: the tests keep builds by count
        }

        public void artifactNumToKeep(int value) {
            // accepted, as in Job DSL
        }

        public void artifactDaysToKeep(int value) {
            // accepted, as in Job DSL
        }
    }

    public static final class BuildParametersContext {
        private final RecordedJob job;

        BuildParametersContext(RecordedJob job) {
            this.job = job;
        }

        public void stringParam(String name) {
            stringParam(name, null, null);
        }

        public void stringParam(String name, String defaultValue) {
            stringParam(name, defaultValue, null);
        }

        public void stringParam(String name, String defaultValue, String description) {
            job.params.add(new RecordedJob.Param("stringParam", name, defaultValue, List.of(), description));
        }

        public void booleanParam(String name) {
            booleanParam(name, false, null);
        }

        public void booleanParam(String name, boolean defaultValue) {
            booleanParam(name, defaultValue, null);
        }

        public void booleanParam(String name, boolean defaultValue, String description) {
            job.params.add(new RecordedJob.Param("booleanParam", name, defaultValue, List.of(), description));
        }

        public void choiceParam(String name, List<?> options) {
            choiceParam(name, options, null);
        }

        public void choiceParam(String name, List<?> options, String description) {
            List<String> choices = options.stream().map(String::valueOf).toList();
            job.params.add(new RecordedJob.Param("choiceParam", name, choices.isEmpty() ? null : choices.get(0),
                    choices, description));
        }
    }

    public static final class TriggerContext {
        private final RecordedJob job;

        TriggerContext(RecordedJob job) {
            this.job = job;
        }

        public void cron(String cronString) {
            job.crons.add(cronString);
        }
    }

    public static final class WrapperContext {
        private final RecordedJob job;

        WrapperContext(RecordedJob job) {
            this.job = job;
        }

        public void timestamps() {
            job.timestamps = true;
        }

        public void timeout(Closure<?> body) {
            run(body, new TimeoutContext(job));
        }

        public void credentialsBinding(Closure<?> body) {
            run(body, new CredentialsBindingContext(job));
        }
    }

    public static final class TimeoutContext {
        private final RecordedJob job;

        TimeoutContext(RecordedJob job) {
            this.job = job;
        }

        public void absolute() {
            absolute(3);
        }

        public void absolute(int minutes) {
            job.absoluteTimeoutMinutes = minutes;
        }
    }

    public static final class CredentialsBindingContext {
        private final RecordedJob job;

        CredentialsBindingContext(RecordedJob job) {
            this.job = job;
        }

        public void string(String variable, String credentials) {
            job.credentials.add(new RecordedJob.Credential("string", variable, credentials));
        }

        public void file(String variable, String credentials) {
            job.credentials.add(new RecordedJob.Credential("file", variable, credentials));
        }
    }

    public static final class StepContext {
        private final RecordedJob job;

        StepContext(RecordedJob job) {
            this.job = job;
        }

        public void shell(String command) {
            job.shells.add(command);
        }
    }

    public static final class PublisherContext {
        private final RecordedJob job;

        PublisherContext(RecordedJob job) {
            this.job = job;
        }

        public void archiveJunit(String glob) {
            archiveJunit(glob, null);
        }

        public void archiveJunit(String glob, Closure<?> body) {
            job.junitGlobs.add(glob);
            run(body, new ArchiveJUnitContext(job));
        }

        public void archiveArtifacts(String glob) {
            job.artifacts.add(glob);
        }

        public void archiveArtifacts(Closure<?> body) {
            run(body, new ArchiveArtifactsContext(job));
        }
    }

    public static final class ArchiveJUnitContext {
        private final RecordedJob job;

        ArchiveJUnitContext(RecordedJob job) {
            this.job = job;
        }

        public void allowEmptyResults() {
            allowEmptyResults(true);
        }

        public void allowEmptyResults(boolean allow) {
            job.junitAllowEmpty = allow;
        }
    }

    public static final class ArchiveArtifactsContext {
        private final RecordedJob job;

        ArchiveArtifactsContext(RecordedJob job) {
            this.job = job;
        }

        public void pattern(String glob) {
            job.artifacts.add(glob);
        }

        public void allowEmpty() {
            allowEmpty(true);
        }

        public void allowEmpty(boolean allow) {
            // accepted, as in Job DSL
        }
    }

    public static final class WorkflowDefinitionContext {
        private final RecordedJob job;

        WorkflowDefinitionContext(RecordedJob job) {
            this.job = job;
        }

        public void cps(Closure<?> body) {
            run(body, new CpsContext(job));
        }
    }

    public static final class CpsContext {
        private final RecordedJob job;

        CpsContext(RecordedJob job) {
            this.job = job;
        }

        public void script(String script) {
            job.pipelineScript = script;
        }

        public void sandbox() {
            sandbox(true);
        }

        public void sandbox(boolean sandbox) {
            job.sandbox = sandbox;
        }
    }
}
