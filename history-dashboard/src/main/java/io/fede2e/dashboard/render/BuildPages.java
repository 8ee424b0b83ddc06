package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.BuildStates;
import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobCache;
import io.fede2e.dashboard.read.Outcome;
import io.fede2e.dashboard.read.Step;
import io.fede2e.dashboard.read.TestResult;
import io.fede2e.layout.BuildState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** {@code builds/<job>/<id>.html}: one build's steps, failures, log tail and artifacts. */
final class BuildPages extends PageKind {

    private static final Pattern ERROR_LINE = Pattern.compile(
            "(?i)\\b(error|fail(ed|ure)?|fatal|panic|exception|timed out)\\b|^E\\d{4} ");

    private final BiFunction<Integer, String, String> browse;

    BuildPages(Templates templates, SiteWriter out, BiFunction<Integer, String, String> browse) {
        super(templates, out);
        this.browse = browse;
    }

    void write(Site site, Job job, int index) {
        BuildRecord b = job.builds().get(index);
        BuildState state = job.buildStates().get(index);
        String path = "builds/" + job.slug() + "/" + b.build() + ".html";
        Views.Common common = common(site, "../../", job.name() + " #" + b.build(), "");
        String digest = null;
        if (b.finished()) {
            // a finished build's record is fixed by its path and finished.json generation (the
            // cache's key) and the reader's format: its page depends on those and the job's names
            // alone, so a rerun recognises it without building the view (2,000 build pages)
            digest = ViewDigest.of(templates.digest("build.vm"), common, "build", JobCache.VERSION, b.root(),
                    b.job(), b.build(), b.finishedGeneration(), state.name(), job.name(), job.slug(), job.provider(),
                    job.source().root());
            if (out.reuse(path, digest)) {
                return;
            }
        }
        List<Views.StepView> steps = new ArrayList<>();
        for (Step s : b.steps()) {
            steps.add(new Views.StepView(s.name(), s.outcome().name(), s.outcome().name().toLowerCase(Locale.ROOT),
                    Format.duration(s.seconds()), s.message()));
        }
        int pass = 0;
        int fail = 0;
        int flaky = 0;
        int skip = 0;
        List<Views.FailedTest> failed = new ArrayList<>();
        for (TestResult t : b.tests()) {
            switch (t.outcome()) {
                case PASS -> pass++;
                case FAIL -> fail++;
                case FLAKY -> flaky++;
                case SKIP -> skip++;
            }
        }
        // failures first, then flakes, each by name, so the page leads with what broke
        for (Outcome wanted : List.of(Outcome.FAIL, Outcome.FLAKY)) {
            for (TestResult t : b.tests()) {
                if (t.outcome() == wanted) {
                    TestInfo info = io.fede2e.dashboard.model.Names.test(t.name());
                    failed.add(new Views.FailedTest("t-" + info.slug(), t.name(), TestPages.href(info, "../../"),
                            t.outcome().name(), t.outcome().name().toLowerCase(Locale.ROOT), Format.duration(t.seconds()),
                            t.message(), t.details(), t.output()));
                }
            }
        }
        String counts = pass + " passed, " + fail + " failed, " + flaky + " flaky, " + skip + " skipped";
        List<Views.LogLine> log = new ArrayList<>();
        if (!b.logTail().isEmpty()) {
            String[] lines = b.logTail().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                boolean err = ERROR_LINE.matcher(lines[i]).find();
                log.add(new Views.LogLine(Integer.toString(i + 1), err ? "!" : "", err ? "err" : "", lines[i]));
            }
        }
        String logNote = b.logTail().isEmpty() ? "build-log.txt is missing or empty."
                : "The last " + log.size() + " lines of build-log.txt; lines marked ! look like errors.";
        int source = job.sourceIndex();
        String base = browse.apply(source, b.dir());
        List<Views.Link> artifacts = new ArrayList<>();
        for (String a : b.artifacts()) {
            Optional<String> url = Links.inside(base, browse.apply(source, b.dir() + a));
            artifacts.add(new Views.Link(url.orElse(""), a));
        }
        String artifactsNote = b.artifacts().isEmpty() ? "No artifacts." : "";
        Views.Link buildLog = new Views.Link(Links.inside(base, browse.apply(source, b.dir() + "build-log.txt"))
                .orElse(""), "build-log.txt");
        Views.Link bucket = new Views.Link(Links.inside(base, base).orElse(""), job.source().root() + "/" + b.dir());
        String duration = b.finishedAt() >= 0 && b.startedAt() >= 0 ? Format.duration(b.finishedAt() - b.startedAt())
                : "\u2013";
        Views.Build v = new Views.Build(job.name(), "../../jobs/" + job.slug() + ".html", Long.toString(b.build()),
                job.provider(), b.version().isEmpty() ? "\u2013" : b.version(), Format.time(b.startedAt()),
                b.finishedAt() < 0 ? "\u2013" : Format.time(b.finishedAt()), duration, state.name(), BuildStates.css(state),
                b.problems(), steps, counts, failed, log, logNote, artifacts, artifactsNote, buildLog, bucket);
        if (digest == null) {
            page(path, "build.vm", common, v);
        } else {
            render(path, "build.vm", common, v, digest, 16_384);
        }
    }
}
