package io.fede2e.ginkgo.fakes;

import java.util.List;

/** The spec names of the {@code mixed} scenario (src/test/resources/ginkgo/mixed/specs.txt), as upstream writes them. */
public final class MixedSpecs {

    public static final String PATCH = "[sig-api-machinery] Secrets should patch a secret [Conformance]";
    /** Holds {@link #PATCH} whole: an unanchored focus on PATCH would select it too. */
    public static final String PATCH_LONGER = PATCH + " and its labels";
    public static final String SERIAL = "[sig-apps] Deployment should roll out alone [Serial] [Slow]";
    /** Two spaces: the container text ends with one, as some of v1.20.2's do. */
    public static final String DOUBLE_SPACE = "[sig-storage] vcp at scale [Feature:vsphere]  vsphere scale tests";
    public static final String FAILS = "[sig-node] Pods should fail on purpose";
    public static final String SKIPS = "[sig-node] Pods should be skipped on local";
    public static final String TOP_LEVEL = "a spec without containers";
    public static final String QUOTED = "[sig-cli] Kubectl should quote \"names\" & <xml> (parens) $1 [Conformance]";
    public static final String DISRUPTIVE =
            "[k8s.io] Reboot [Disruptive] [Feature:Reboot] each node by rebooting [Conformance]";
    /** Every spec, in the listing's order. */
    public static final List<String> ALL = List.of(PATCH, PATCH_LONGER, SERIAL, DOUBLE_SPACE, FAILS, SKIPS, TOP_LEVEL,
            QUOTED, DISRUPTIVE);

    private MixedSpecs() {
    }
}
