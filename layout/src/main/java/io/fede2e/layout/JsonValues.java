package io.fede2e.layout;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Untyped JSON values read with Jackson's streaming parser: objects as {@link LinkedHashMap}s in
 * document order, arrays as lists, strings, integers as the smallest fitting {@link Number},
 * decimals as {@link BigDecimal}, booleans, and null. For the small files read on every start
 * (started.json, finished.json, the runner's state file), where loading Jackson's data binding
 * would cost more than the parsing itself.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * The value starting at the parser's current token, leaving the parser on its last token; a
     * later duplicate key replaces an earlier one.
     *
     * @throws JsonParseException when the input ends inside the value or is not JSON
     */
    public static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of the input");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                    p.nextToken();
                    m.put(key, read(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(p, "unexpected " + t.asString());
        }
    }
}
