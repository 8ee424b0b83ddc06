package io.fede2e.e2e;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares capabilities (for example {@code dns}, {@code container-runtime}) that a test needs from
 * the cluster. When the provider does not offer one of them, the test is skipped with the reason
 * {@code requires capability dns, which provider hollow does not offer}.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(RequiresCapabilities.class)
public @interface RequiresCapability {

    /** Capability names, as {@code io.fede2e.provider.api.Capability} names them. */
    String[] value();
}
