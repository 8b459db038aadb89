package io.clipstream.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one local run decides from its command line, as the services' configuration properties: one model, one
 * data directory for every store, one port, one admin key.
 */
record LocalSettings(Path dataDir, Path modelDir, String modelId, boolean bundledModel, Path images, int httpPort,
                     String adminKey) {

    Map<String, String> properties(String bootstrapServers, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", bootstrapServers);
        p.put("quarkus.http.port", String.valueOf(httpPort));
        p.put("clipstream.model.dir", modelDir.toString());
        p.put("clipstream.model.id", modelId);
        p.put("clipstream.admin.api-key", adminKey);
        p.put("clipstream.registry.dir", dataDir.resolve("registry").toString());
        p.put("clipstream.local.store-dir", dataDir.resolve("vectors").toString());
        p.put("clipstream.local.bundled-model", String.valueOf(bundledModel));
        p.put("clipstream.thumbnails.state-dir", dataDir.resolve("thumbnails").toString());
        p.put("clipstream.pairs.state-dir", dataDir.resolve("click-pairs").toString());
        if (images != null) {
            // Published by file url (a photo is often larger than a Kafka record may be): the indexer may read
            // exactly this folder.
            p.put("clipstream.local.images", images.toString());
            p.put("clipstream.fetch.file-root", images.toString());
        }
        p.putAll(overrides);
        return p;
    }
}
