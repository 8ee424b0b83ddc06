package io.fede2e.uploader;

import java.util.List;

/**
 * The result of {@link ObjectStore#list}.
 *
 * @param objects objects directly under the prefix, sorted by name
 * @param prefixes common prefixes ending in the delimiter, sorted
 */
public record Listing(List<ObjectInfo> objects, List<String> prefixes) {

    public Listing {
        objects = List.copyOf(objects);
        prefixes = List.copyOf(prefixes);
    }
}
