package io.fede2e.ginkgo;

import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * One Ginkgo spec as a JUnit test, directly under the engine, so its full name is its display
 * name: the upstream name exactly.
 */
final class SpecDescriptor extends AbstractTestDescriptor {

    static final String SEGMENT = "spec";
    /** Ginkgo's own suite nodes (BeforeSuite, AfterSuite) that failed, added while running. */
    static final String SUITE_NODE_SEGMENT = "suite-node";

    private final Spec spec;
    private final Set<TestTag> tags;

    SpecDescriptor(UniqueId id, Spec spec) {
        super(id, spec.name());
        this.spec = spec;
        this.tags = SpecTags.of(spec.name());
    }

    Spec spec() {
        return spec;
    }

    boolean serial() {
        return SpecTags.isSerial(spec.name());
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }
}
