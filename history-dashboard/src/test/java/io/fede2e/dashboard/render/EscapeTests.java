package io.fede2e.dashboard.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Escaping agrees with its definition on any text; RenderTests shows the cases by name. */
class EscapeTests {

    @Test
    void nullIsEmpty() {
        assertThat(Escape.html(null)).isEmpty();
        assertThat(Escape.html("")).isEmpty();
    }

    @Test
    void randomTextEscapesAsTheCharacterByCharacterDefinitionSays() {
        // hostile bucket text mixes everything; the fast path must agree with the definition on all of it
        char[] alphabet = "ab <>&\"'\t\n\r\u0000\u001f\u007f\u0080\u009f\u00a0\u00b7\u00ff\u0100\u2013\ud83d\ude00\ud800\udfff".toCharArray();
        SplittableRandom random = new SplittableRandom(16);
        for (int k = 0; k < 20_000; k++) {
            char[] s = new char[random.nextInt(12)];
            for (int i = 0; i < s.length; i++) {
                s[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String text = new String(s);
            assertThat(Escape.html(text)).as("escaping %s", text.codePoints().boxed().toList()).isEqualTo(byDefinition(text));
        }
    }

    /** The five characters of markup and their entities. */
    private static final Map<Integer, String> ENTITIES = Map.of((int) '&', "&amp;", (int) '<', "&lt;", (int) '>', "&gt;",
            (int) '"', "&quot;", (int) '\'', "&#39;");

    /** The escaping as its Javadoc defines it, one code point at a time. */
    private static String byDefinition(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            boolean control = cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r' || cp >= 0x7f && cp < 0xa0;
            boolean surrogate = Character.getType(cp) == Character.SURROGATE;
            if (ENTITIES.containsKey(cp)) {
                b.append(ENTITIES.get(cp));
            } else if (control || surrogate) {
                b.append("&#65533;");
            } else {
                b.append(cp < 0x80 ? Character.toString(cp) : "&#" + cp + ";");
            }
        });
        return b.toString();
    }
}
