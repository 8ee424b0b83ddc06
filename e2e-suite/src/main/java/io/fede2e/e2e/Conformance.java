package io.fede2e.e2e;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a conformance test, tagged {@code Conformance}. {@code fede2e list-tests --mode conformance
 * --output yaml} reads {@link #release()} and {@link #description()} to write a file shaped like
 * Kubernetes' conformance.yaml.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("Conformance")
public @interface Conformance {

    /** The Kubernetes release that promoted the behaviour to conformance, for example {@code v1.9}. */
    String release();

    /** What the test proves, in the words of a conformance description. */
    String description();
}
