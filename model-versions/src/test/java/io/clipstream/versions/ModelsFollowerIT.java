package io.clipstream.versions;

import static io.clipstream.versions.ModelsTestData.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.testing.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The follower on a real broker (whose topic auto-creation is on, as a careless cluster's would be): a missing
 * topic is waited for with backoff and never created, a failing fold restarts with backoff, and an error no retry
 * cures ends it with liveness down.
 */
class ModelsFollowerIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final Backoff BACKOFF = Backoff.ofMillis(100, 1000);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String model = "follow-" + run;
    private final KafkaClientFactory kafka = KafkaClientFactory.forBootstrap(INFRA.kafkaBootstrapServers());
    private final List<ModelsState> heard = new CopyOnWriteArrayList<>();
    private ModelsFollower follower;

    @AfterEach
    void stop() throws InterruptedException {
        if (follower != null) {
            follower.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void waitsForAMissingTopicWithoutABusyLoopAndFollowsItOnceCreated() throws Exception {
        String topic = "models-missing-" + run;
        long started = System.nanoTime();
        follower = ModelsFollower.create(kafka, "follower-it", settings(topic), heard::add);
        follower.start();

        // Three seconds without the topic: a backoff of 100 ms doubling to 1 s allows about seven checks; the
        // query API's old watcher asked again as soon as the broker answered, thousands of times in that while.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> follower.status().phase() == ModelsFollower.Phase.WAITING_FOR_TOPIC);
        long checks = follower.status().topicChecks();
        assertThat(checks).isBetween(2L, ModelsFollowerTest.mostChecksWithin(BACKOFF,
                (System.nanoTime() - started) / 1_000_000));
        System.out.printf("topic checks in %d ms without the topic: %d%n", (System.nanoTime() - started) / 1_000_000,
                checks);
        assertThat(follower.caughtUp()).isFalse();
        try (Admin admin = INFRA.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("never auto-created")
                    .doesNotContain(topic);
        }

        INFRA.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        try (ModelsWriter writer = ModelsWriter.create(kafka, "follower-it-writer", topic, Duration.ofSeconds(30))) {
            writer.write(published(model, 1));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !heard.isEmpty()
                && heard.getLast().published().containsKey(1));
        assertThat(follower.status().phase()).isEqualTo(ModelsFollower.Phase.FOLLOWING);
        assertThat(follower.alive()).isTrue();
    }

    @Test
    void aFailingFoldRestartsTheReplayWithBackoff() throws Exception {
        String topic = "models-failing-" + run;
        INFRA.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        try (ModelsWriter writer = ModelsWriter.create(kafka, "follower-it-writer", topic, Duration.ofSeconds(30))) {
            writer.write(published(model, 1));
            writer.write(published(model, 2));
        }
        List<Long> calls = new CopyOnWriteArrayList<>();
        follower = ModelsFollower.create(kafka, "follower-it", settings(topic), state -> {
            calls.add(System.nanoTime());
            if (calls.size() <= 3) {
                throw new IllegalStateException("fold failure " + calls.size());
            }
            heard.add(state);
        });
        follower.start();

        await().atMost(Duration.ofSeconds(60)).until(follower::caughtUp);
        assertThat(follower.status().restarts()).isEqualTo(3);
        for (int attempt = 0; attempt < 3; attempt++) {
            long gapMs = (calls.get(attempt + 1) - calls.get(attempt)) / 1_000_000;
            assertThat(gapMs).as("time between fold %d and its retry", attempt + 1)
                    .isGreaterThanOrEqualTo(BACKOFF.bound(attempt).toMillis() / 2);
        }
        assertThat(heard.getFirst().published().keySet()).as("each retry replays the whole topic")
                .containsExactly(1, 2);
        assertThat(follower.alive()).isTrue();
    }

    @Test
    void anErrorNoRetryCuresTurnsLivenessDown() {
        // The broker refuses the name (INVALID_TOPIC_EXCEPTION): no retry can change that.
        follower = ModelsFollower.create(kafka, "follower-it", settings("models with spaces " + run), heard::add);
        follower.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> !follower.alive());
        assertThat(follower.status().phase()).isEqualTo(ModelsFollower.Phase.DIED);
        assertThat(follower.status().lastError()).contains("InvalidTopicException");
        assertThat(follower.status().restarts()).isZero();
        assertThat(heard).isEmpty();
    }

    private ModelsFollower.Settings settings(String topic) {
        return new ModelsFollower.Settings(topic, model, BACKOFF, Duration.ofMillis(100));
    }
}
