package io.fede2e.e2e.fakes;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets fixture tests run only when a test launches them through {@link SuiteRun}, not when Surefire
 * finds them by package.
 */
public final class FixtureGate implements ExecutionCondition {

    static final String KEY = "fede2e.test.fixtures";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return "true".equals(context.getConfigurationParameter(KEY).orElse(null))
                ? ConditionEvaluationResult.enabled("launched as a fixture")
                : ConditionEvaluationResult.disabled("fixture: runs only when a test launches it");
    }
}
