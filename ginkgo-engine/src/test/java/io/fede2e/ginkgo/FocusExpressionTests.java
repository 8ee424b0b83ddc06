package io.fede2e.ginkgo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FocusExpressionTests {

    static final String NAME = "[sig-cli] Kubectl client Kubectl run pod should create a pod from an image (1.2) $x";

    @Test
    void quotesEveryCharacterGoQuoteMetaQuotes() {
        assertThat(FocusExpression.quoteMeta("a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o")).isEqualTo(
                "a\\.b\\+c\\*d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o");
    }

    @Test
    void anchorsTheNamesAfterTheV1TopLevelPrefixSoALongerNameIsNotSelected() {
        Pattern p = Pattern.compile(FocusExpression.of("Kubernetes e2e suite", GinkgoVersion.V1, List.of(NAME)));

        assertThat(p.matcher("Kubernetes e2e suite [Top Level] " + NAME).find()).isTrue();
        assertThat(p.matcher("Kubernetes e2e suite [Top Level] " + NAME + " [Slow]").find()).isFalse();
        assertThat(p.matcher("Kubernetes e2e suite [Top Level] [sig-x] " + NAME).find()).isFalse();
    }

    @Test
    void usesNoTopLevelPrefixForV2() {
        String focus = FocusExpression.of("Kubernetes e2e suite", GinkgoVersion.V2, List.of("a", "b"));

        assertThat(focus).isEqualTo("^Kubernetes e2e suite (a|b)$");
    }

    @Test
    void costCountsWhatEachNameAdds() {
        String two = FocusExpression.of("S", GinkgoVersion.V2, List.of("a.b", "c"));
        String one = FocusExpression.of("S", GinkgoVersion.V2, List.of("c"));

        assertThat(two.length() - one.length()).isEqualTo(FocusExpression.cost("a.b"));
    }
}
