package io.fede2e.e2e;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test whose pods need more than the baseline Pod Security Standard allows (host network,
 * privileged containers, host paths): its namespaces are labelled
 * {@code pod-security.kubernetes.io/enforce=privileged} instead of {@code baseline}.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PrivilegedPods {
}
