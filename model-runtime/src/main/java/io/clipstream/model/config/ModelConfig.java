package io.clipstream.model.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code clipstream.model.*} settings every service reads (a configuration group of their mappings), so the
 * three services and the one-JVM mode agree on the model by construction.
 */
public interface ModelConfig {

    /** Model directory, Hugging Face or OpenCLIP layout. */
    Path dir();

    /** Id used in topic and collection names; must be stable for the life of an index. */
    String id();

    /** ONNX file variant of the Hugging Face layout, e.g. fp16; empty for the plain export. */
    Optional<String> variant();
}
