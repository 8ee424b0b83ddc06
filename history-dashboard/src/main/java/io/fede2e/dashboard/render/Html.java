package io.fede2e.dashboard.render;

/**
 * Markup this generator built itself (SVG charts, grid cells) with every untrusted part already
 * escaped. The template escaping handler inserts it as it is; everything else is escaped. Only
 * this package can make one, so a value from a bucket can never pass as markup.
 */
public final class Html {

    private final String markup;

    Html(String markup) {
        this.markup = markup;
    }

    @Override
    public String toString() {
        return markup;
    }
}
