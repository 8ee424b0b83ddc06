package io.fede2e.dashboard.render;

import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;

/**
 * Escapes every reference a template inserts, so that no template has to remember to. Only
 * {@link Html} values, which this package builds from escaped parts, pass unchanged.
 */
public final class EscapingHandler implements ReferenceInsertionEventHandler {

    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        if (value == null || value instanceof Html) {
            return value;
        }
        return Escape.html(value.toString());
    }
}
