package io.clipstream.query.version;

import io.clipstream.model.adapter.VersionAdapters;
import java.time.Instant;

/**
 * One model version as searches use it: the collection to search and the adapters to embed queries with. A search
 * reads the current instance once and uses it throughout, so it never mixes two versions.
 */
public record ActiveModel(String baseModelId, int version, String collection, VersionAdapters adapters,
                          Instant since) {
}
