package io.clipstream.versions;

import static io.clipstream.versions.ModelsTestData.activated;
import static io.clipstream.versions.ModelsTestData.json;
import static io.clipstream.versions.ModelsTestData.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.clipstream.events.ModelVersionEvent;
import io.clipstream.kafka.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The follower against Kafka's MockConsumer: replay, follow, restart with backoff, give up, wait for the topic. */
class ModelsFollowerTest {

    private static final String TOPIC = "models";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final Backoff BACKOFF = Backoff.ofMillis(40, 320);
    private static final ModelsFollower.Settings SETTINGS = new ModelsFollower.Settings(TOPIC, "m", BACKOFF,
            Duration.ofMillis(20));

    private final List<ModelsState> heard = new CopyOnWriteArrayList<>();
    private final List<String> malformed = new CopyOnWriteArrayList<>();
    private final List<PacedMockConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<Long> consumerCreatedNanos = new CopyOnWriteArrayList<>();
    private ModelsFollower follower;

    @AfterEach
    void stop() throws InterruptedException {
        if (follower != null) {
            follower.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void replaysToTheEndBeforeTheListenerHearsAnythingThenFollows() {
        List<ModelVersionEvent> existing = List.of(published("m", 1), published("m", 2), activated("m", 2, 0));
        follower = start(() -> consumerWith(existing, "m/v1"), recording());

        await().atMost(Duration.ofSeconds(10)).until(follower::caughtUp);
        ModelsState first = heard.getFirst();
        assertThat(first.published().keySet()).as("the whole topic is applied before the first call").contains(2)
                .doesNotContain(1);
        assertThat(first.retired()).containsExactly(1);
        assertThat(first.activeVersion()).isEqualTo(2);
        assertThat(follower.status().phase()).isEqualTo(ModelsFollower.Phase.FOLLOWING);

        PacedMockConsumer c = consumers.getFirst();
        c.addRecord(record(4, published("m", 3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.getLast().published().containsKey(3));
        assertThat(follower.current()).hasValueSatisfying(s -> assertThat(s.published().keySet()).containsExactly(2, 3));
    }

    @Test
    void latestWaitsForEveryRecordWrittenBeforeTheCall() throws Exception {
        follower = start(() -> consumerWith(List.of(published("m", 1))), recording());
        await().atMost(Duration.ofSeconds(10)).until(follower::caughtUp);

        PacedMockConsumer c = consumers.getFirst();
        c.updateEndOffsets(Map.of(P0, 2L));
        c.schedulePollTask(() -> c.addRecord(record(1, activated("m", 1, 0))));
        ModelsState latest = follower.latest(Duration.ofSeconds(10));

        assertThat(latest.activeVersion()).isEqualTo(1);
    }

    @Test
    void malformedRecordsAreReportedAndSkipped() {
        follower = start(() -> {
            PacedMockConsumer c = consumerWith(List.of(published("m", 1)));
            c.updateEndOffsets(Map.of(P0, 2L));
            c.schedulePollTask(() -> c.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "m/v2", "{".getBytes())));
            return c;
        }, recording());

        await().atMost(Duration.ofSeconds(10)).until(follower::caughtUp);
        assertThat(malformed).hasSize(1).first().asString().contains("not JSON");
        assertThat(heard.getLast().published().keySet()).containsExactly(1);
    }

    @Test
    void aFailureStartsTheReplayOverAfterABackoff() {
        AtomicInteger calls = new AtomicInteger();
        follower = start(() -> consumerWith(List.of(published("m", 1))), state -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("listener failure " + calls.get());
            }
            heard.add(state);
        });

        await().atMost(Duration.ofSeconds(20)).until(follower::caughtUp);
        assertThat(consumers).as("a new consumer and a new replay per failure").hasSize(4);
        assertThat(consumers.subList(0, 3)).allMatch(PacedMockConsumer::closed);
        ModelsFollower.Status status = follower.status();
        assertThat(status.restarts()).isEqualTo(3);
        assertThat(status.failuresInARow()).isZero();
        assertThat(status.lastError()).contains("listener failure 3");
        for (int attempt = 0; attempt < 3; attempt++) {
            long gapMs = (consumerCreatedNanos.get(attempt + 1) - consumerCreatedNanos.get(attempt)) / 1_000_000;
            assertThat(gapMs).as("delay before restart %d", attempt + 1)
                    .isGreaterThanOrEqualTo(BACKOFF.bound(attempt).toMillis() / 2);
        }
        assertThat(follower.alive()).isTrue();
        assertThat(heard.getFirst().published().keySet()).containsExactly(1);
    }

    @Test
    void aRetryableKafkaErrorIsRetriedAndHealthShowsItMeanwhile() {
        AtomicBoolean brokerAway = new AtomicBoolean(true);
        follower = start(() -> {
            PacedMockConsumer c = consumerWith(List.of(published("m", 1)));
            if (brokerAway.get()) {
                c.setPollException(new TimeoutException("broker away"));
            }
            return c;
        }, recording());

        await().atMost(Duration.ofSeconds(10)).until(() -> follower.status().failuresInARow() >= 2);
        assertThat(follower.caughtUp()).isFalse();
        assertThat(follower.status().phase()).isEqualTo(ModelsFollower.Phase.FAILING);
        assertThat(follower.alive()).as("a retryable failure leaves liveness up").isTrue();
        assertThat(heard).isEmpty();

        brokerAway.set(false);
        await().atMost(Duration.ofSeconds(10)).until(follower::caughtUp);
        assertThat(follower.status().failuresInARow()).isZero();
        assertThat(follower.status().phase()).isEqualTo(ModelsFollower.Phase.FOLLOWING);
    }

    @Test
    void anErrorNoRetryCuresEndsTheFollowerAndLivenessSaysSo() {
        follower = start(() -> {
            PacedMockConsumer c = consumerWith(List.of(published("m", 1)));
            c.setPollException(new TopicAuthorizationException("not allowed to read models"));
            return c;
        }, recording());

        await().atMost(Duration.ofSeconds(10)).until(() -> !follower.alive());
        assertThat(follower.status().phase()).isEqualTo(ModelsFollower.Phase.DIED);
        assertThat(follower.status().lastError()).contains("not allowed to read models");
        assertThat(consumers).as("no second try").hasSize(1);
        assertThat(consumers.getFirst().closed()).isTrue();
        assertThat(heard).isEmpty();
        assertThatThrownBy(() -> follower.latest(Duration.ofSeconds(1)))
                .isInstanceOf(ModelsUnavailableException.class).hasMessageContaining("not allowed");
    }

    @Test
    void aMissingTopicIsCheckedWithBackoffNotInABusyLoopAndFollowedOnceItExists() {
        PacedMockConsumer c = new PacedMockConsumer();
        c.updateBeginningOffsets(Map.of(P0, 0L));
        c.updateEndOffsets(Map.of(P0, 0L));
        long started = System.nanoTime();
        follower = start(() -> c, recording());

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> follower.status().phase() == ModelsFollower.Phase.WAITING_FOR_TOPIC);
        long checks = follower.status().topicChecks();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        // About a dozen in 1.5 s with a 40..320 ms backoff; a loop without one asks millions of times.
        assertThat(checks).isBetween(2L, mostChecksWithin(BACKOFF, elapsedMs));
        assertThat(c.polls).hasValue(0);

        c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        await().atMost(Duration.ofSeconds(5)).until(follower::caughtUp);
        assertThat(heard.getFirst().published()).isEmpty();
        assertThat(follower.status().failuresInARow()).isZero();
    }

    @Test
    void afterStopTheListenerHearsNothingMore() throws Exception {
        follower = start(() -> consumerWith(List.of(published("m", 1))), recording());
        await().atMost(Duration.ofSeconds(10)).until(follower::caughtUp);

        follower.stop(Duration.ofSeconds(5));
        int calls = heard.size();
        int polls = consumers.getFirst().polls.get();

        assertThat(follower.status().phase()).isEqualTo(ModelsFollower.Phase.STOPPED);
        assertThat(follower.alive()).as("stopped on purpose is not dead").isTrue();
        assertThat(consumers.getFirst().closed()).isTrue();
        // While it ran it polled every 20 ms and called the listener after each poll.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> heard.size() == calls && consumers.getFirst().polls.get() == polls);
        assertThatThrownBy(() -> follower.latest(Duration.ofSeconds(1))).isInstanceOf(ModelsUnavailableException.class);
    }

    /** The most topic checks a backoff allows in {@code elapsedMs}: every delay at its shortest (half its bound). */
    static long mostChecksWithin(Backoff backoff, long elapsedMs) {
        long checks = 1;
        long spent = 0;
        for (int attempt = 0; spent <= elapsedMs; attempt++) {
            spent += backoff.bound(attempt).toMillis() / 2;
            checks++;
        }
        return checks;
    }

    private ModelsFollower start(Supplier<PacedMockConsumer> make, ModelsFollower.Listener listener) {
        ModelsFollower f = new ModelsFollower(SETTINGS, () -> {
            PacedMockConsumer c = make.get();
            consumers.add(c);
            consumerCreatedNanos.add(System.nanoTime());
            return c;
        }, listener);
        f.start();
        return f;
    }

    private ModelsFollower.Listener recording() {
        return new ModelsFollower.Listener() {
            @Override
            public void onState(ModelsState state) {
                heard.add(state);
            }

            @Override
            public void onMalformed(ConsumerRecord<String, byte[]> record, String reason) {
                malformed.add(reason);
            }
        };
    }

    /** A consumer of a one-partition topic holding {@code events} (tombstones given by key), one per poll. */
    private static PacedMockConsumer consumerWith(List<ModelVersionEvent> events, String... tombstones) {
        PacedMockConsumer c = new PacedMockConsumer();
        c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (ModelVersionEvent event : events) {
            records.add(record(records.size(), event));
        }
        for (String key : tombstones) {
            records.add(new ConsumerRecord<>(TOPIC, 0, records.size(), key, null));
        }
        c.updateBeginningOffsets(Map.of(P0, 0L));
        c.updateEndOffsets(Map.of(P0, (long) records.size()));
        c.setMaxPollRecords(1);
        c.schedulePollTask(() -> records.forEach(c::addRecord));
        return c;
    }

    private static ConsumerRecord<String, byte[]> record(long offset, ModelVersionEvent event) {
        return new ConsumerRecord<>(TOPIC, 0, offset, ModelsKeys.of(event), json(event));
    }
}
