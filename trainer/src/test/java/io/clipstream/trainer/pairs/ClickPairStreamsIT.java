package io.clipstream.trainer.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clipstream.events.ClickPair;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.PairStats;
import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.testing.TestInfrastructure;
import io.clipstream.testing.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The click-pair topology under {@link ClickPairStreams} on a real broker, exactly-once: pairs and statistics
 * come out, and after a restart with an empty state folder (state rebuilt from the changelogs) a redelivered
 * click is still a duplicate and a repeated click still counts once as a search.
 */
class ClickPairStreamsIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final long PID = ProcessHandle.current().pid();
    // Under target/, not the OS temp directory, which Kafka Streams warns may be cleaned under it.
    private static final Path STATE_DIRS = Path.of("target", "kafka-streams-it", Long.toString(PID));
    private static final ClickPairSettings SETTINGS = new ClickPairSettings(1_800_000, 30_000, 10, 1.0, 10.0,
            60_000);
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration OUTPUT = Duration.ofSeconds(60);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static KafkaProducer<String, byte[]> producer;
    private ClickPairStreams streams;

    @BeforeAll
    static void connect() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        if (producer != null) {
            producer.close();
        }
    }

    @AfterEach
    void stopStreams() {
        if (streams != null) {
            streams.stop();
        }
    }

    @Test
    void joinsClicksExactlyOnceAndKeepsItsStateAcrossARestartWithAnEmptyStateFolder() throws Exception {
        String run = "pairs-it-" + PID + "-" + RUNS.incrementAndGet();
        ClickPairTopics topics = topics(run);
        INFRA.createTopic(topics.impressions(), 3, Map.of());
        INFRA.createTopic(topics.clicks(), 3, Map.of());
        INFRA.createTopic(topics.clickPairs(), 3, Map.of());
        INFRA.createTopic(topics.pairStats(), 3,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        send(topics.impressions(), textPage("search-0001", "Red Square", 1, List.of("img-a", "img-b", "img-c"), t0));
        send(topics.impressions(), textPage("search-0001", "Red Square", 2, List.of("img-d", "img-e", "img-f"),
                t0.plusSeconds(1)));
        send(topics.impressions(), textPage("search-0002", " red  SQUARE", 1, List.of("img-x", "img-c", "img-y"),
                t0.plusSeconds(2)));
        send(topics.impressions(), new SearchImpression("search-0003", null, "img-q", null, null, "tiny-clip", 1,
                "images_tiny_clip_v1", 1, 0, 3, shown(0, List.of("img-a", "img-b", "img-c")), t0.plusSeconds(3)));
        send(topics.clicks(), click("click-0001", "search-0001", "img-c", 3, t0.plusSeconds(5)));
        send(topics.clicks(), click("click-0002", "search-0002", "img-c", 2, t0.plusSeconds(6)));
        send(topics.clicks(), click("click-0003", "search-0003", "img-a", 1, t0.plusSeconds(6)));
        send(topics.clicks(), click("click-0001", "search-0001", "img-c", 3, t0.plusSeconds(5)));
        send(topics.clicks(), click("click-0004", "search-0001", "img-e", 5, t0.plusSeconds(7)));
        // A click whose impression is sent after it, as the query API's asynchronous sender may do.
        send(topics.clicks(), click("click-0005", "search-0004", "img-m", 1, t0.plusSeconds(9)));
        send(topics.impressions(), textPage("search-0004", "Boats", 1, List.of("img-m", "img-n"), t0.plusSeconds(8)));

        Recorder first = new Recorder();
        streams = start(topics, run, "first", first);

        await().atMost(OUTPUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(pairs(topics)).hasSize(4);
            assertThat(latestStats(topics)).hasSize(3);
        });
        Map<String, ClickPair> pairs = pairs(topics);
        assertThat(pairs.get("click-0001")).isEqualTo(new ClickPair("search-0001", "click-0001", "red square",
                "img-c", 2, List.of("img-a", "img-b"), 3.0, "tiny-clip", 1, t0, t0.plusSeconds(5)));
        assertThat(pairs.get("click-0002").negatives()).containsExactly("img-x");
        assertThat(pairs.get("click-0004").negatives()).containsExactly("img-a", "img-b", "img-d");
        assertThat(pairs.get("click-0005").queryText()).isEqualTo("boats");
        assertThat(latestStats(topics).get("red square\timg-c")).isEqualTo(new PairStats("red square", "img-c", 2, 2,
                5.0, t0.plusSeconds(5), t0.plusSeconds(6)));
        await().atMost(OUTPUT).untilAsserted(() -> assertThat(first.clicksDropped)
                .containsExactlyInAnyOrder("not-a-text-search", "duplicate"));
        assertThat(first.emitted).hasValue(4);
        assertThat(internalTopics(run)).contains(run + "-" + ClickPairTopology.SEARCHES_STORE + "-changelog",
                run + "-" + ClickPairTopology.SEARCH_EXPIRY_STORE + "-changelog",
                run + "-" + ClickPairTopology.PENDING_CLICKS_STORE + "-changelog",
                run + "-" + ClickPairTopology.STATS_STORE + "-changelog",
                run + "-" + ClickPairTopology.BY_QUERY_IMAGE + "-repartition");

        streams.stop();
        assertThat(new ClickPairStreamsReadiness(streams).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);

        // While it is down: the same image clicked again in search-0001, and a redelivery of its first click.
        send(topics.clicks(), click("click-0006", "search-0001", "img-c", 3, t0.plusSeconds(20)));
        send(topics.clicks(), click("click-0001", "search-0001", "img-c", 3, t0.plusSeconds(5)));
        Recorder second = new Recorder();
        streams = start(topics, run, "second", second);

        await().atMost(OUTPUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                latestStats(topics).get("red square\timg-c")).isEqualTo(new PairStats("red square", "img-c", 3, 2, 5.0,
                        t0.plusSeconds(5), t0.plusSeconds(20))));
        await().atMost(OUTPUT).untilAsserted(() -> assertThat(second.clicksDropped).containsExactly("duplicate"));
        assertThat(pairs(topics)).hasSize(4);
        assertThat(second.emitted).hasValue(0);

        // The same bean stopped and started again (a new client over the same topology and state folder).
        streams.stop();
        streams.start();
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                .until(() -> streams.state().orElseThrow() == KafkaStreams.State.RUNNING);
        send(topics.clicks(), click("click-0007", "search-0002", "img-c", 2, t0.plusSeconds(30)));
        await().atMost(OUTPUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                latestStats(topics).get("red square\timg-c").clicks()).isEqualTo(4));
        assertThat(latestStats(topics).get("red square\timg-c").searches()).isEqualTo(2);
    }

    @Test
    void refusesToStartWhenItsInputsAreNotCoPartitioned() throws Exception {
        String run = "pairs-it-" + PID + "-" + RUNS.incrementAndGet();
        ClickPairTopics topics = topics(run);
        INFRA.createTopic(topics.impressions(), 2, Map.of());
        INFRA.createTopic(topics.clicks(), 3, Map.of());
        ClickPairStreams refused = new ClickPairStreams(ClickPairTopology.build(topics, SETTINGS, new Recorder()),
                settings(run, "refused"));

        assertThatThrownBy(refused::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same number of partitions");
        assertThat(refused.state()).isEmpty();
        // The inputs were left alone.
        try (Admin admin = INFRA.admin()) {
            assertThat(admin.describeTopics(List.of(topics.impressions())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.impressions()).partitions()).hasSize(2);
        }
    }

    private ClickPairStreams start(ClickPairTopics topics, String run, String instance, Recorder recorder)
            throws InterruptedException {
        ClickPairStreams started = new ClickPairStreams(ClickPairTopology.build(topics, SETTINGS, recorder),
                settings(run, instance));
        started.start();
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                .until(() -> started.state().orElseThrow() == KafkaStreams.State.RUNNING);
        assertThat(new ClickPairStreamsReadiness(started).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        return started;
    }

    /** Each instance its own state folder: the second starts empty and must restore from the changelogs. */
    private static ClickPairStreamsSettings settings(String run, String instance) {
        return new ClickPairStreamsSettings(KafkaClientFactory.forBootstrap(INFRA.kafkaBootstrapServers()), run,
                STATE_DIRS.resolve(run + "-" + instance), topics(run), (short) 1, Map.of(
                        // A closed instance stays in the group until its session times out: keep that short.
                        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000,
                        StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000));
    }

    private static ClickPairTopics topics(String run) {
        return new ClickPairTopics(run + ".search.impressions", run + ".search.clicks", run + ".training.click-pairs",
                run + ".training.pair-stats");
    }

    private static Set<String> internalTopics(String run) throws ExecutionException, InterruptedException,
            TimeoutException {
        try (Admin admin = INFRA.admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(run + "-"))
                    .collect(Collectors.toSet());
        }
    }

    private static SearchImpression textPage(String searchId, String text, int page, List<String> images,
                                             Instant time) {
        int offset = (page - 1) * images.size();
        return new SearchImpression(searchId, text, null, null, null, "tiny-clip", 1, "images_tiny_clip_v1", page,
                offset, images.size(), shown(offset, images), time);
    }

    private static List<SearchImpression.Shown> shown(int offset, List<String> images) {
        return IntStream.range(0, images.size())
                .mapToObj(i -> new SearchImpression.Shown(images.get(i), offset + i + 1, 0.9 - i * 0.01))
                .toList();
    }

    private static SearchClick click(String clickId, String searchId, String imageId, int rank, Instant time) {
        return new SearchClick(clickId, searchId, imageId, rank, null, "tiny-clip", 1, time);
    }

    private static void send(String topic, SearchImpression impression) throws Exception {
        assertThat(EventSchemas.get().validate(EventSchemas.SEARCH_IMPRESSION,
                EventJson.mapper().valueToTree(impression))).isEmpty();
        send(topic, impression.searchId(), impression);
    }

    private static void send(String topic, SearchClick click) throws Exception {
        assertThat(EventSchemas.get().validate(EventSchemas.SEARCH_CLICK, EventJson.mapper().valueToTree(click)))
                .isEmpty();
        send(topic, click.searchId(), click);
    }

    private static void send(String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, json(value))).get(30, TimeUnit.SECONDS);
    }

    private static byte[] json(Object value) throws JsonProcessingException {
        return EventJson.mapper().writeValueAsBytes(value);
    }

    /** Every committed click pair, by click id, each checked against its schema. */
    private static Map<String, ClickPair> pairs(ClickPairTopics topics) {
        Map<String, ClickPair> pairs = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(INFRA.kafkaBootstrapServers(),
                topics.clickPairs())) {
            ClickPair pair = read(record, ClickPair.class, EventSchemas.CLICK_PAIR);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(pair.searchId());
            assertThat(pairs.put(pair.clickId(), pair)).as("pairs of " + pair.clickId()).isNull();
        }
        return pairs;
    }

    /** The last committed statistics of each key, as compaction keeps them, each checked against its schema. */
    private static Map<String, PairStats> latestStats(ClickPairTopics topics) {
        Map<String, PairStats> latest = new LinkedHashMap<>();
        // Records of one key share a partition, which the reader returns in offset order.
        TopicReader.readAll(INFRA.kafkaBootstrapServers(), topics.pairStats())
                .forEach(record -> latest.put(new String(record.key(), StandardCharsets.UTF_8),
                        read(record, PairStats.class, EventSchemas.PAIR_STATS)));
        return latest;
    }

    private static <T> T read(ConsumerRecord<byte[], byte[]> record, Class<T> type, String schema) {
        try {
            assertThat(EventSchemas.get().validate(schema, EventJson.mapper().readTree(record.value()))).isEmpty();
            return EventJson.mapper().readValue(record.value(), type);
        } catch (IOException e) {
            throw new AssertionError("not JSON on " + record.topic() + ": " + e.getMessage(), e);
        }
    }

    /** Thread-safe: stream threads report. */
    private static final class Recorder implements ClickPairListener {
        final List<String> clicksDropped = new CopyOnWriteArrayList<>();
        final List<String> impressionsDropped = new CopyOnWriteArrayList<>();
        final AtomicInteger emitted = new AtomicInteger();

        @Override
        public void clickDropped(DropReason reason) {
            clicksDropped.add(reason.tag());
        }

        @Override
        public void impressionDropped(DropReason reason) {
            impressionsDropped.add(reason.tag());
        }

        @Override
        public void pairEmitted() {
            emitted.incrementAndGet();
        }
    }
}
