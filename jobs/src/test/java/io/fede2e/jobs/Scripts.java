package io.fede2e.jobs;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import io.fede2e.jobs.fakes.JobDslScript;
import io.fede2e.jobs.fakes.PipelineScript;
import io.fede2e.jobs.fakes.RecordedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;

/** Where the jobs' files are, and how the tests evaluate them with Groovy against the recording DSLs. */
final class Scripts {

    private Scripts() {
    }

    /** The jobs module: {@code jobs/} of the repository. */
    static Path jobsDir() {
        return Path.of(System.getProperty("fede2e.jobsDir", "jobs")).toAbsolutePath().normalize();
    }

    /** The seed job's workspace: the repository root, where {@code jobs/providers.json} is. */
    static Path workspace() {
        return jobsDir().getParent();
    }

    static Path jenkinsfile() {
        return jobsDir().resolve("Jenkinsfile.sharded");
    }

    /** Every Job DSL script of the module. */
    static List<Path> dslScripts() {
        try (Stream<Path> files = Files.list(jobsDir().resolve("dsl"))) {
            return files.filter(f -> f.toString().endsWith(".groovy")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the Job DSL script {@code text} as the seed job would, with {@code workspace} as its workspace. */
    static List<RecordedJob> runJobDsl(String text, Path workspace) {
        CompilerConfiguration conf = new CompilerConfiguration();
        conf.setScriptBaseClass(JobDslScript.class.getName());
        Binding binding = new Binding();
        binding.setVariable("WORKSPACE", workspace.toString());
        JobDslScript script = (JobDslScript) new GroovyShell(Scripts.class.getClassLoader(), binding, conf)
                .parse(text, "fede2e_jobs.groovy");
        script.run();
        return script.jobs();
    }

    /** Every job the module's scripts generate. */
    static List<RecordedJob> allJobs() {
        return dslScripts().stream().flatMap(s -> runJobDsl(read(s), workspace()).stream()).toList();
    }

    /** Parses the Jenkinsfile for a run with {@code params}; set its shell behaviour, then call {@code run()}. */
    static PipelineScript jenkinsfile(Map<String, String> params) {
        CompilerConfiguration conf = new CompilerConfiguration();
        conf.setScriptBaseClass(PipelineScript.class.getName());
        Binding binding = new Binding();
        binding.setVariable("params", params);
        binding.setVariable("env", Map.of("JOB_NAME", "e2e-azure-sharded", "BUILD_NUMBER", "7"));
        return (PipelineScript) new GroovyShell(Scripts.class.getClassLoader(), binding, conf)
                .parse(read(jenkinsfile()), "Jenkinsfile_sharded.groovy");
    }
}
