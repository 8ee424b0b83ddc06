package io.fede2e.jobs.fakes;

import groovy.lang.Closure;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The base class of a Jenkinsfile under test: a recording implementation of the scripted pipeline
 * steps the Jenkinsfile uses (node, stage, parallel, sh, stash, unstash, junit, withCredentials
 * with file and string, timeout, catchError, error), with Jenkins' behaviour where it matters:
 * {@code sh} fails on a non-zero exit unless {@code returnStatus: true}; {@code catchError}
 * catches failures, and interruptions only with {@code catchInterruptions} (default true);
 * {@code parallel} runs every branch and then rethrows the first failure. A step it does not
 * know fails with MissingMethodException.
 *
 * <p>Before {@code run()}, set {@link #shell} to decide each {@code sh} script's exit code (or to
 * throw {@link FlowInterruptedException}, as an abort does); {@code params} and {@code env} are
 * binding variables.
 */
public abstract class PipelineScript extends Script {

    /** One recorded step: what and its main argument; {@code node} names the agent label it ran in. */
    public record Event(String step, String argument, String stage) {
    }

    /** A script that a non-zero {@code sh} raised, like hudson.AbortException. */
    public static final class AbortException extends RuntimeException {
        public AbortException(String message) {
            super(message);
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, List<String>> stashes = new LinkedHashMap<>();
    private String stage = "";
    /** The exit code of each sh script; may throw FlowInterruptedException. */
    private ToIntFunction<String> shell = s -> 0;

    public void shell(ToIntFunction<String> behaviour) {
        this.shell = Objects.requireNonNull(behaviour);
    }

    /** Every step, in the order it ran. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The scripts of {@code sh}, in order. */
    public List<String> shellScripts() {
        return events.stream().filter(e -> e.step().equals("sh")).map(Event::argument).toList();
    }

    private void record(String step, String argument) {
        events.add(new Event(step, argument, stage));
    }

    public Object node(String label, Closure<?> body) {
        record("node", label);
        return body.call();
    }

    public Object stage(String name, Closure<?> body) {
        String outer = stage;
        stage = name;
        record("stage", name);
        try {
            return body.call();
        } finally {
            stage = outer;
        }
    }

    public void parallel(Map<String, Closure<?>> branches) {
        RuntimeException first = null;
        for (Map.Entry<String, Closure<?>> branch : branches.entrySet()) {
            record("branch", branch.getKey());
            try {
                branch.getValue().call();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    public Object sh(String script) {
        return sh(Map.of("script", script));
    }

    public Object sh(Map<String, ?> args) {
        String script = String.valueOf(args.get("script"));
        record("sh", script);
        int code = shell.applyAsInt(script);
        if (Boolean.TRUE.equals(args.get("returnStatus"))) {
            return code;
        }
        if (code != 0) {
            throw new AbortException("script returned exit code " + code);
        }
        return null;
    }

    public void stash(Map<String, ?> args) {
        String name = String.valueOf(args.get("name"));
        record("stash", name);
        stashes.put(name, List.of(String.valueOf(args.get("includes")).split(",")));
    }

    public void unstash(String name) {
        record("unstash", name);
        if (!stashes.containsKey(name)) {
            throw new AbortException("No such saved stash '" + name + "'");
        }
    }

    public void junit(Map<String, ?> args) {
        record("junit", String.valueOf(args.get("testResults")));
    }

    public Map<String, String> file(Map<String, ?> args) {
        return Map.of("kind", "file", "credentialsId", String.valueOf(args.get("credentialsId")),
                "variable", String.valueOf(args.get("variable")));
    }

    public Map<String, String> string(Map<String, ?> args) {
        return Map.of("kind", "string", "credentialsId", String.valueOf(args.get("credentialsId")),
                "variable", String.valueOf(args.get("variable")));
    }

    public Object withCredentials(List<?> bindings, Closure<?> body) {
        for (Object b : bindings) {
            @SuppressWarnings("unchecked")
            Map<String, String> m = (Map<String, String>) b;
            record("withCredentials", m.get("kind") + ":" + m.get("variable") + "=" + m.get("credentialsId"));
        }
        return body.call();
    }

    public Object timeout(Map<String, ?> args, Closure<?> body) {
        record("timeout", args.get("time") + " " + args.get("unit"));
        return body.call();
    }

    public Object catchError(Map<String, ?> args, Closure<?> body) {
        record("catchError", String.valueOf(args.get("buildResult")));
        try {
            return body.call();
        } catch (FlowInterruptedException e) {
            if (Boolean.FALSE.equals(args.get("catchInterruptions"))) {
                throw e;
            }
            record("caught", e.toString());
            return null;
        } catch (RuntimeException e) {
            record("caught", e.toString());
            return null;
        }
    }

    public void error(String message) {
        record("error", message);
        throw new AbortException(message);
    }
}
