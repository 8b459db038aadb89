package io.clipstream.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.cli.CliRun;
import io.clipstream.testing.TestInfrastructure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** {@code clipstream topics create} on a real broker: what compose's kafka-init runs. */
class TopicsCommandIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();

    @Test
    void createsThePlanOnceAndLeavesExistingTopicsAlone() throws Exception {
        Map<String, String> env = namespaced("create-" + UUID.randomUUID());

        CliRun first = CliRun.run(env, "topics", "create");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out().lines().filter(l -> l.startsWith("created "))).hasSize(13);
        assertThat(first.out()).contains("co-partitioned");
        String embeddings = env.get("CLIPSTREAM_TOPICS_EMBEDDINGS_PREFIX") + "m";
        try (Admin admin = INFRA.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, embeddings);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(env.get("CLIPSTREAM_TOPICS_MODELS"))).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(env.get("CLIPSTREAM_TOPICS_MODELS")).partitions()).hasSize(1);
        }

        CliRun again = CliRun.run(env, "topics", "create");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out().lines().filter(l -> l.startsWith("exists "))).hasSize(13);
    }

    @Test
    void refusesSearchLogsThatAreNotCoPartitioned() {
        Map<String, String> env = namespaced("copart-" + UUID.randomUUID());
        INFRA.createTopic(env.get("CLIPSTREAM_TOPICS_IMPRESSIONS"), 3, Map.of());

        CliRun run = CliRun.run(env, "topics", "create");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("same number of partitions");
    }

    private static Map<String, String> namespaced(String ns) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrapServers());
        env.put("CLIPSTREAM_MODEL_ID", "m");
        env.put("CLIPSTREAM_TOPICS_PARTITIONS", "2");
        for (String name : List.of("UPLOADED", "UPLOADED_DLQ", "INDEXED", "THUMBNAILS", "MODELS", "IMPRESSIONS",
                "CLICKS", "CLICK_PAIRS", "PAIR_STATS", "DUPLICATES", "DUPLICATE_DISMISSALS")) {
            env.put("CLIPSTREAM_TOPICS_" + name, ns + "." + name.toLowerCase());
        }
        env.put("CLIPSTREAM_TOPICS_EMBEDDINGS_PREFIX", ns + ".embeddings.");
        return env;
    }
}
