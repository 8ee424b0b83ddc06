package io.fede2e.layout;

import java.util.Map;

/**
 * finished.json: written last; its presence means the build is complete.
 *
 * @param timestamp epoch seconds of the end, or {@code null} when a reader found none
 * @param passed whether the build passed, or {@code null} when a reader found neither it nor a result
 * @param result the outcome, or {@code null} when a reader found neither it nor {@code passed}
 * @param metadata the started.json keys plus {@code job-version}
 * @param extra fields this reader does not know, kept
 */
public record Finished(Long timestamp, Boolean passed, Result result, Map<String, Object> metadata,
                       Map<String, Object> extra) {

    public Finished {
        metadata = LayoutJson.sortedCopy(metadata);
        extra = LayoutJson.sortedCopy(extra);
        if (result == null && passed != null) {
            result = passed ? Result.SUCCESS : Result.FAILURE;
        }
        if (passed == null && result != null) {
            passed = result == Result.SUCCESS;
        }
    }

    /** A finished.json for a build that ended with {@code result}. */
    public static Finished of(long timestamp, Result result, Map<String, ?> metadata) {
        return new Finished(timestamp, result == Result.SUCCESS, result, Map.copyOf(metadata), Map.of());
    }

    /**
     * Parses finished.json tolerantly: Prow's variant, lowercase states, {@code result} without
     * {@code passed} and the other way round, missing fields; unknown fields go to {@link #extra}.
     *
     * @throws LayoutException when the bytes are not a JSON object
     */
    public static Finished parse(byte[] json) {
        return parse(json, BuildPaths.FINISHED);
    }

    /**
     * Parses finished.json read from {@code source} (a path or object name), which errors name.
     *
     * @throws LayoutException when the bytes are empty, not JSON (truncated, corrupt) or not an object
     */
    public static Finished parse(byte[] json, String source) {
        return LayoutJson.parseFinished(json, source == null || source.isEmpty() ? BuildPaths.FINISHED : source);
    }

    /** The JSON text, UTF-8, keys sorted, ending in a newline. */
    public byte[] toJson() {
        return LayoutJson.write(this);
    }
}
