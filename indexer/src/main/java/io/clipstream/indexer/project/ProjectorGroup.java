package io.clipstream.indexer.project;

import io.clipstream.kafka.naming.Names;

/**
 * The consumer group of a version's projector, {@code clipstream-projector-<model>-v<n>}: the base projector's
 * (in application.properties) and every version projector's follow this pattern, so that anyone can measure how
 * far a version is built from the group's committed offsets against the embeddings log's end offsets.
 */
public final class ProjectorGroup {

    private ProjectorGroup() {
    }

    public static String of(String modelId, int version) {
        return io.clipstream.kafka.naming.Names.projectorGroup(modelId, version);
    }
}
