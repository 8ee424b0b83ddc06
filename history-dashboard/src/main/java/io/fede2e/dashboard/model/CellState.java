package io.fede2e.dashboard.model;

/** A cell of TestGrid's grid: a test in a build, or a build in the Overall row. */
public enum CellState {
    PASS("\u2713"), FAIL("\u2717"), FLAKY("~"), SKIP("s"), RUNNING("\u2026"), NO_RESULT("");

    private final String symbol;

    CellState(String symbol) {
        this.symbol = symbol;
    }

    /** The short text shown in the cell, so that a state is never told by colour alone. */
    public String symbol() {
        return symbol;
    }

    /** The CSS class of the cell. */
    public String css() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the state counts as a run (PASS, FAIL or FLAKY) for pass rates and flakiness. */
    public boolean isRun() {
        return this == PASS || this == FAIL || this == FLAKY;
    }

    static final CellState[] VALUES = values();
}
