package io.clipstream.local;

import io.clipstream.local.logging.BrokerLogLevels;
import io.clipstream.local.logging.ConsoleFilter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one local run decides from its command line, as the services' configuration properties: one model, one
 * data directory for every store, one port, one admin key, and where the logs go.
 */
record LocalSettings(Path dataDir, Path modelDir, String modelId, Path images, int httpPort, String adminKey,
                     boolean verbose) {

    /** Every log line of the run, below the data directory. */
    static final Path LOG_FILE = Path.of("logs", "clipstream.log");

    Map<String, String> properties(String bootstrapServers, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", bootstrapServers);
        p.put("quarkus.http.port", String.valueOf(httpPort));
        p.put("clipstream.model.dir", modelDir.toString());
        p.put("clipstream.model.id", modelId);
        p.put("clipstream.admin.api-key", adminKey);
        p.put("clipstream.registry.dir", dataDir.resolve("registry").toString());
        p.put("clipstream.local.store-dir", dataDir.resolve("vectors").toString());
        p.put("clipstream.thumbnails.state-dir", dataDir.resolve("thumbnails").toString());
        p.put("clipstream.pairs.state-dir", dataDir.resolve("click-pairs").toString());
        if (images != null) {
            // Published by file url (a photo is often larger than a Kafka record may be): the indexer may read
            // exactly this folder.
            p.put("clipstream.local.images", images.toString());
            p.put("clipstream.fetch.file-root", images.toString());
        }
        p.putAll(logging());
        p.putAll(overrides);
        return p;
    }

    /**
     * The log file takes everything; the console everything only when verbose, else the warnings and errors of the
     * categories a user acts on (application.properties lists them).
     */
    private Map<String, String> logging() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.log.file.path", dataDir.resolve(LOG_FILE).toString());
        p.putAll(BrokerLogLevels.properties());
        if (!verbose) {
            p.put("quarkus.log.console.level", "WARN");
            p.put("quarkus.log.console.filter", ConsoleFilter.NAME);
        }
        return p;
    }
}
