package io.clipstream.indexer.project;

import io.clipstream.store.CollectionSpec;
import java.util.Optional;

/**
 * What one projector writes: a model version into its collection.
 *
 * @param aliasWhenNone the live alias, for the configured base projector only: it points the alias at its
 *                      collection when no alias exists yet; empty for every other version, which never touches it
 */
public record ProjectedVersion(String modelId, int version, String collection, Optional<String> aliasWhenNone) {

    /** The base projector's target: takes {@code alias} if nobody holds it yet. */
    public static ProjectedVersion base(String modelId, int version, String alias) {
        return new ProjectedVersion(modelId, version, CollectionSpec.nameFor(modelId, version), Optional.of(alias));
    }

    /** A version built beside the live one; activation (someone else's job) moves the alias to it. */
    public static ProjectedVersion beside(String modelId, int version) {
        return new ProjectedVersion(modelId, version, CollectionSpec.nameFor(modelId, version), Optional.empty());
    }
}
