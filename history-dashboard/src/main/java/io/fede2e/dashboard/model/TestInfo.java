package io.fede2e.dashboard.model;

import java.util.List;

/**
 * A test's identity across jobs and providers: its name.
 *
 * @param name the full name, e.g. {@code [sig-apps] Deployment should ... [Conformance]}
 * @param slug the file-name-safe id of its page
 * @param sig the SIG from {@code [sig-x]}, or empty
 * @param tags the other bracketed tags ({@code Conformance}, {@code Slow}, {@code Feature:X}), sorted
 */
public record TestInfo(String name, String slug, String sig, List<String> tags) {

    public TestInfo {
        tags = List.copyOf(tags);
    }
}
