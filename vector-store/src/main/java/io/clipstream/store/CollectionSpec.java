package io.clipstream.store;

import io.clipstream.kafka.naming.Names;
import java.util.regex.Pattern;

/**
 * A collection of image vectors: one per model version, named {@code images_<model>_v<version>}.
 *
 * @param dims vector dimension
 */
public record CollectionSpec(String name, int dims) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    public CollectionSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("collection name '" + name
                    + "' must be letters, digits and underscores, starting with a letter or underscore");
        }
        if (dims < 1 || dims > 32768) {
            throw new IllegalArgumentException("dims must be within 1..32768, got " + dims);
        }
    }

    /** The collection of a model version, as {@link Names#collection} builds it. */
    public static String nameFor(String modelId, int version) {
        return Names.collection(modelId, version);
    }
}
