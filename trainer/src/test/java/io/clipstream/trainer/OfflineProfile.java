package io.clipstream.trainer;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The trainer's beans without Kafka, Milvus or a model: nothing is started that would need them. */
public class OfflineProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "clipstream.model.dir", "target/no-model",
                "clipstream.model.id", "tiny-clip",
                "clipstream.topics.impressions", "wired.impressions",
                "clipstream.topics.pair-stats", "wired.pair-stats",
                "kafka.bootstrap.servers", "localhost:1",
                "clipstream.topics.create", "false",
                "clipstream.trainer.cron", "off",
                "clipstream.registry.dir", "target/offline-registry",
                "quarkus.http.test-port", "0",
                // The build passes clipstream.repo.root and clipstream.it.infrastructure as system properties to
                // every test; they are not trainer settings.
                "smallrye.config.mapping.validate-unknown", "false");
    }
}
