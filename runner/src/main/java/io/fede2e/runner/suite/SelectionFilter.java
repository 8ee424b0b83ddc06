package io.fede2e.runner.suite;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/** Keeps the tests of a {@link Selection} (names and shard) that belong to one execution phase. */
final class SelectionFilter implements PostDiscoveryFilter {

    /** Which tests of the selection an execution takes. */
    enum Phase {
        /** Every selected test. */
        ALL,
        /** Tests that may run concurrently. */
        PARALLEL,
        /** Serial and Disruptive tests, which run alone afterwards. */
        SERIAL
    }

    private final Selection selection;
    private final Phase phase;

    SelectionFilter(Selection selection, Phase phase) {
        this.selection = selection;
        this.phase = phase;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        boolean methodLevel = descriptor.getSource().filter(MethodSource.class::isInstance).isPresent();
        if (!descriptor.isTest() && !methodLevel) {
            return FilterResult.included("containers are kept while they hold selected tests");
        }
        String name = TestNames.of(descriptor);
        if (!selection.matchesName(name)) {
            return FilterResult.excluded("not selected by --focus/--skip");
        }
        if (!selection.shard().contains(name)) {
            return FilterResult.excluded("in another shard than " + selection.shard());
        }
        boolean serial = TestNames.isSerial(TestNames.tagNames(descriptor.getTags()), name);
        return switch (phase) {
            case ALL -> FilterResult.included("selected");
            case PARALLEL -> serial ? FilterResult.excluded("runs alone afterwards") : FilterResult.included("parallel");
            case SERIAL -> serial ? FilterResult.included("serial") : FilterResult.excluded("ran in parallel");
        };
    }
}
