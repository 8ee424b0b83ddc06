package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PatchesTests {

    private static ObjectNode obj(String json) {
        return Store.Json.parseObject(json.replace('\'', '"'));
    }

    private static JsonNode node(String json) {
        try {
            return Store.Json.MAPPER.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mergePatchSetsAndRemoves() {
        JsonNode out = Patches.apply("application/merge-patch+json", node("{'a':{'b':1,'c':null},'d':[3]}"),
                obj("{'a':{'c':2,'e':5},'d':[1,2]}"));

        assertThat(out).isEqualTo(node("{'a':{'e':5,'b':1},'d':[3]}"));
    }

    @Test
    void strategicMergeMergesKeyedListsAndHonoursDirectives() {
        ObjectNode pod = obj("{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]},"
                + "'metadata':{'finalizers':['f1']}}");

        JsonNode out = Patches.apply("application/strategic-merge-patch+json; charset=utf-8",
                node("{'spec':{'containers':[{'name':'b','image':'z'},{'name':'a','$patch':'delete'},"
                        + "{'name':'c','image':'w'}],'$setElementOrder/containers':[{'name':'b'}]},"
                        + "'metadata':{'finalizers':['f2']}}"),
                pod);

        assertThat(out.path("spec").path("containers")).isEqualTo(node("[{'name':'b','image':'z'},{'name':'c','image':'w'}]"));
        assertThat(out.path("metadata").path("finalizers")).isEqualTo(node("['f1','f2']"));
        assertThat(out.path("spec").has("$setElementOrder/containers")).isFalse();
    }

    @Test
    void strategicMergeReplacesUnkeyedLists() {
        JsonNode out = Patches.apply("application/strategic-merge-patch+json", node("{'args':['b']}"),
                obj("{'args':['a']}"));

        assertThat(out.path("args")).isEqualTo(node("['b']"));
    }

    @Test
    void jsonPatchAppliesOperations() {
        JsonNode out = Patches.apply("application/json-patch+json",
                node("[{'op':'replace','path':'/a','value':2},{'op':'add','path':'/b','value':'x'}]"), obj("{'a':1}"));

        assertThat(out).isEqualTo(node("{'a':2,'b':'x'}"));
    }

    @Test
    void rejectsPatchesOfTheWrongShape() {
        assertThatThrownBy(() -> Patches.apply("application/json-patch+json", node("{'op':'add'}"), obj("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("array of operations");
        assertThatThrownBy(() -> Patches.apply("application/merge-patch+json", node("[1]"), obj("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    }

    @Test
    void leavesTheTargetUntouched() {
        ObjectNode target = obj("{'a':1}");

        Patches.apply("application/merge-patch+json", node("{'a':2}"), target);

        assertThat(target).isEqualTo(node("{'a':1}"));
    }
}
