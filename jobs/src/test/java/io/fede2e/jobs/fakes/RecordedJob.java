package io.fede2e.jobs.fakes;

import java.util.ArrayList;
import java.util.List;

/** What a Job DSL script declared for one job, as the recording DSL saw it. */
public final class RecordedJob {

    /** A build parameter: kind is stringParam, booleanParam or choiceParam. */
    public record Param(String kind, String name, Object defaultValue, List<String> choices, String description) {
    }

    /** A credentials binding: kind is string or file. */
    public record Credential(String kind, String variable, String credentialsId) {
    }

    final String type;
    final String name;
    String description;
    String label;
    Boolean concurrentBuild;
    Integer numToKeep;
    final List<String> crons = new ArrayList<>();
    final List<Param> params = new ArrayList<>();
    Integer absoluteTimeoutMinutes;
    boolean timestamps;
    final List<Credential> credentials = new ArrayList<>();
    final List<String> shells = new ArrayList<>();
    final List<String> junitGlobs = new ArrayList<>();
    Boolean junitAllowEmpty;
    final List<String> artifacts = new ArrayList<>();
    String pipelineScript;
    Boolean sandbox;

    RecordedJob(String type, String name) {
        this.type = type;
        this.name = name;
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String label() {
        return label;
    }

    public Boolean concurrentBuild() {
        return concurrentBuild;
    }

    public Integer numToKeep() {
        return numToKeep;
    }

    public List<String> crons() {
        return List.copyOf(crons);
    }

    public List<Param> params() {
        return List.copyOf(params);
    }

    public Integer absoluteTimeoutMinutes() {
        return absoluteTimeoutMinutes;
    }

    public boolean timestamps() {
        return timestamps;
    }

    public List<Credential> credentials() {
        return List.copyOf(credentials);
    }

    public List<String> shells() {
        return List.copyOf(shells);
    }

    public List<String> junitGlobs() {
        return List.copyOf(junitGlobs);
    }

    public Boolean junitAllowEmpty() {
        return junitAllowEmpty;
    }

    public List<String> artifacts() {
        return List.copyOf(artifacts);
    }

    public String pipelineScript() {
        return pipelineScript;
    }

    public Boolean sandbox() {
        return sandbox;
    }

    @Override
    public String toString() {
        return type + " " + name;
    }
}
