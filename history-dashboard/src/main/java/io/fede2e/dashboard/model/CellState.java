package io.fede2e.dashboard.model;

/** A cell of TestGrid's grid: a test in a build, or a build in the Overall row. */
public enum CellState {
    // Symbols as character references: pages stay ASCII strings in memory, half the size of UTF-16, copied as they are to UTF-8.
    PASS("&#10003;"), FAIL("&#10007;"), FLAKY("~"), SKIP("s"), RUNNING("&#8230;"), NO_RESULT("");

    private final String symbol;
    private final String css;

    CellState(String symbol) {
        this.symbol = symbol;
        this.css = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The short text shown in the cell, as HTML, so that a state is never told by colour alone. */
    public String symbol() {
        return symbol;
    }

    /** The CSS class of the cell. */
    public String css() {
        return css;
    }

    /** Whether the state counts as a run (PASS, FAIL or FLAKY) for pass rates and flakiness. */
    public boolean isRun() {
        return this == PASS || this == FAIL || this == FLAKY;
    }

    static final CellState[] VALUES = values();
}
