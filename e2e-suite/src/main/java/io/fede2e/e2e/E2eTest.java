package io.fede2e.e2e;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an e2e test: a JUnit {@link Test} that runs with the {@link E2eExtension}, so it may take
 * an {@link E2eContext} (its own namespace, the cluster's client, wait helpers) or a fabric8
 * {@code KubernetesClient} as parameters.
 *
 * <p>Name the test as Kubernetes does, with {@code @DisplayName("[sig-apps] Deployment should ...
 * [Conformance]")}, and repeat the tags in brackets at the end of the name.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(E2eExtension.class)
public @interface E2eTest {
}
