package io.clipstream.trainer.pairs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.ClickPair;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.PairStats;
import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The click-pair topology on the test driver: event time only, so every timing below is exact. */
class ClickPairTopologyTest {

    private static final ClickPairTopics TOPICS = new ClickPairTopics("in.impressions", "in.clicks",
            "out.click-pairs", "out.pair-stats");
    /** Window 60 s, grace 10 s, cap 3, eta 1, weights clipped at 5, purge every 5 s of stream time. */
    private static final ClickPairSettings SETTINGS = new ClickPairSettings(60_000, 10_000, 3, 1.0, 5.0, 5_000);
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String MODEL = "tiny-clip";
    private static final int VERSION = 2;

    // Under target/, not the OS temp directory (Kafka Streams warns about it); the driver deletes its task folders.
    private final Path stateDir = Path.of("target", "topology-test-driver", UUID.randomUUID().toString());

    private final Recorder recorder = new Recorder();
    private TopologyTestDriver driver;
    private TestInputTopic<String, SearchImpression> impressions;
    private TestInputTopic<String, SearchClick> clicks;
    private TestOutputTopic<String, ClickPair> pairs;
    private TestOutputTopic<String, PairStats> stats;

    @BeforeEach
    void start() {
        startWith(SETTINGS);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void firstClicksBecomePairsWithTheUnclickedImagesShownAboveThemOnEveryPage() {
        impression("search-0001", "  Red   Square ", 1, 3, List.of("img-a", "img-b", "img-c"), T0);
        impression("search-0001", "  Red   Square ", 2, 3, List.of("img-d", "img-e", "img-f"), T0.plusSeconds(20));
        click("click-0001", "search-0001", "img-c", 3, T0.plusSeconds(5));
        click("click-0002", "search-0001", "img-e", 5, T0.plusSeconds(25));

        List<KeyValue<String, ClickPair>> out = readPairs();

        assertThat(out).extracting(kv -> kv.key).containsExactly("search-0001", "search-0001");
        assertThat(out.get(0).value).isEqualTo(new ClickPair("search-0001", "click-0001", "red square", "img-c", 2,
                List.of("img-a", "img-b"), 3.0, MODEL, VERSION, T0, T0.plusSeconds(5)));
        // Page 2's click: page 1 gives negatives too, and the image clicked before is no negative.
        assertThat(out.get(1).value).isEqualTo(new ClickPair("search-0001", "click-0002", "red square", "img-e", 4,
                List.of("img-a", "img-b", "img-d"), 5.0, MODEL, VERSION, T0, T0.plusSeconds(25)));
        assertThat(latestStats()).containsOnly(
                Map.entry("red square\timg-c", new PairStats("red square", "img-c", 1, 1, 3.0, T0.plusSeconds(5),
                        T0.plusSeconds(5))),
                Map.entry("red square\timg-e", new PairStats("red square", "img-e", 1, 1, 5.0, T0.plusSeconds(25),
                        T0.plusSeconds(25))));
        assertThat(recorder.clicksDropped).isEmpty();
        assertThat(recorder.emitted).isEqualTo(2);
    }

    @Test
    void queryTextsAreTrimmedLowerCasedAndTheirWhiteSpaceCollapsed() {
        assertThat(QueryTexts.normalise(" \tA  RED\u00a0Square\n")).isEqualTo("a red square");
        assertThat(QueryTexts.normalise("TITLE")).isEqualTo("title");
        assertThat(QueryTexts.normalise(null)).isNull();

        impression("search-0001", "Cats\tON  a MAT", 1, 2, List.of("img-a", "img-b"), T0);
        click("click-0001", "search-0001", "img-a", 1, T0.plusSeconds(1));

        assertThat(readPairs()).singleElement().extracting(kv -> kv.value.queryText()).isEqualTo("cats on a mat");
        assertThat(latestStats()).containsOnlyKeys("cats on a mat\timg-a");
    }

    @Test
    void aClickBeforeItsImpressionWaitsForItWithinTheGrace() {
        click("click-0001", "search-0001", "img-b", 2, T0.plusSeconds(5));
        // Stream time moves to 13 s: within the 10 s grace counted from the click's arrival at 5 s.
        impression("search-0002", "dogs", 1, 1, List.of("img-z"), T0.plusSeconds(13));
        assertThat(readPairs()).isEmpty();

        impression("search-0001", "boats", 1, 2, List.of("img-a", "img-b"), T0);

        assertThat(readPairs()).singleElement().satisfies(kv -> {
            assertThat(kv.value.clickId()).isEqualTo("click-0001");
            assertThat(kv.value.negatives()).containsExactly("img-a");
            assertThat(kv.value.searchTime()).isEqualTo(T0);
            assertThat(kv.value.clickTime()).isEqualTo(T0.plusSeconds(5));
        });
        assertThat(recorder.clicksDropped).isEmpty();
        assertThat(store(ClickPairTopology.PENDING_CLICKS_STORE).get("search-0001")).isNull();
    }

    @Test
    void theGraceCountsFromWhenTheClickArrivesNotFromWhenItWasClicked() {
        impression("search-0002", "dogs", 1, 1, List.of("img-z"), T0.plusSeconds(20));
        // Clicked at 15 s but seen at stream time 20 s: it waits until 30 s.
        click("click-0001", "search-0001", "img-a", 1, T0.plusSeconds(15));
        impression("search-0003", "cats", 1, 1, List.of("img-y"), T0.plusSeconds(28));
        impression("search-0001", "boats", 1, 2, List.of("img-a", "img-b"), T0.plusSeconds(14));

        assertThat(readPairs()).extracting(kv -> kv.value.clickId()).containsExactly("click-0001");
        assertThat(recorder.clicksDropped).isEmpty();
    }

    @Test
    void aClickWhoseImpressionComesAfterTheGraceIsDroppedAsAnUnknownSearch() {
        click("click-0001", "search-0001", "img-b", 2, T0.plusSeconds(5));
        impression("search-0002", "dogs", 1, 1, List.of("img-z"), T0.plusSeconds(16));
        impression("search-0001", "boats", 1, 2, List.of("img-a", "img-b"), T0);

        assertThat(readPairs()).isEmpty();
        assertThat(latestStats()).isEmpty();
        assertThat(recorder.clicksDropped).containsExactly("unknown-search");
    }

    @Test
    void aClickOnTheNextPageWaitsForThatPage() {
        impression("search-0001", "boats", 1, 2, List.of("img-a", "img-b"), T0);
        click("click-0001", "search-0001", "img-c", 3, T0.plusSeconds(4));
        assertThat(readPairs()).isEmpty();

        impression("search-0001", "boats", 2, 2, List.of("img-c", "img-d"), T0.plusSeconds(3));

        assertThat(readPairs()).singleElement().satisfies(kv -> {
            assertThat(kv.value.imageId()).isEqualTo("img-c");
            assertThat(kv.value.negatives()).containsExactly("img-a", "img-b");
        });
        assertThat(recorder.clicksDropped).isEmpty();
    }

    @Test
    void aClickOnARankNoPageShowedIsDroppedAsAMismatchAfterTheGrace() {
        impression("search-0001", "boats", 1, 2, List.of("img-a", "img-b"), T0);
        click("click-0001", "search-0001", "img-x", 7, T0.plusSeconds(4));
        assertThat(recorder.clicksDropped).isEmpty();

        impression("search-0002", "dogs", 1, 1, List.of("img-z"), T0.plusSeconds(30));

        assertThat(recorder.clicksDropped).containsExactly("mismatch");
        assertThat(store(ClickPairTopology.PENDING_CLICKS_STORE).get("search-0001")).isNull();
        assertThat(readPairs()).isEmpty();
    }

    @Test
    void aClickAtTheEndOfTheWindowCountsAndALaterOneIsDroppedAsExpired() {
        impression("search-0001", "boats", 1, 3, List.of("img-a", "img-b", "img-c"), T0);
        click("click-0001", "search-0001", "img-a", 1, T0.plusSeconds(60));
        click("click-0002", "search-0001", "img-b", 2, T0.plusSeconds(60).plusMillis(1));

        assertThat(readPairs()).extracting(kv -> kv.value.clickId()).containsExactly("click-0001");
        assertThat(recorder.clicksDropped).containsExactly("expired");
    }

    @Test
    void aRedeliveredClickIsDroppedAndCountedNowhere() {
        impression("search-0001", "boats", 1, 3, List.of("img-a", "img-b", "img-c"), T0);
        click("click-0001", "search-0001", "img-b", 2, T0.plusSeconds(2));
        click("click-0001", "search-0001", "img-b", 2, T0.plusSeconds(2));

        assertThat(readPairs()).hasSize(1);
        List<KeyValue<String, PairStats>> updates = readStats();
        assertThat(updates).hasSize(1);
        assertThat(updates.getFirst().value.clicks()).isEqualTo(1);
        assertThat(recorder.clicksDropped).containsExactly("duplicate");
    }

    @Test
    void aClickRedeliveredWhileItWaitsForItsImpressionIsDroppedOnce() {
        click("click-0001", "search-0001", "img-b", 2, T0.plusSeconds(2));
        click("click-0001", "search-0001", "img-b", 2, T0.plusSeconds(2));
        assertThat(recorder.clicksDropped).as("known as a duplicate while waiting").containsExactly("duplicate");
        impression("search-0001", "boats", 1, 3, List.of("img-a", "img-b", "img-c"), T0);

        assertThat(readPairs()).hasSize(1);
        assertThat(latestStats().get("boats\timg-b").clicks()).isEqualTo(1);
        assertThat(recorder.clicksDropped).containsExactly("duplicate");
    }

    @Test
    void aSecondClickOnTheSameImageCountsAsAClickButNotAsASearchNorWeight() {
        impression("search-0001", "boats", 1, 3, List.of("img-a", "img-b", "img-c"), T0);
        click("click-0001", "search-0001", "img-c", 3, T0.plusSeconds(2));
        click("click-0002", "search-0001", "img-c", 3, T0.plusSeconds(9));

        assertThat(readPairs()).extracting(kv -> kv.value.clickId()).containsExactly("click-0001");
        assertThat(latestStats()).containsExactly(Map.entry("boats\timg-c",
                new PairStats("boats", "img-c", 2, 1, 3.0, T0.plusSeconds(2), T0.plusSeconds(9))));
        assertThat(recorder.clicksDropped).isEmpty();
        assertThat(recorder.emitted).isEqualTo(1);
    }

    @Test
    void clicksBeyondTheCapAreDroppedButARedeliveryIsStillADuplicate() {
        impression("search-0001", "boats", 1, 5, List.of("img-a", "img-b", "img-c", "img-d", "img-e"), T0);
        click("click-0001", "search-0001", "img-a", 1, T0.plusSeconds(1));
        click("click-0002", "search-0001", "img-b", 2, T0.plusSeconds(2));
        click("click-0003", "search-0001", "img-b", 2, T0.plusSeconds(3));
        click("click-0004", "search-0001", "img-d", 4, T0.plusSeconds(4));
        click("click-0002", "search-0001", "img-b", 2, T0.plusSeconds(2));

        assertThat(readPairs()).extracting(kv -> kv.value.imageId()).containsExactly("img-a", "img-b");
        Map<String, PairStats> latest = latestStats();
        assertThat(latest.get("boats\timg-b").clicks()).isEqualTo(2);
        assertThat(latest).containsOnlyKeys("boats\timg-a", "boats\timg-b");
        assertThat(recorder.clicksDropped).containsExactly("over-cap", "duplicate");
    }

    @Test
    void aClickOnAnImageTheSearchShowedAtAnotherRankIsAMismatch() {
        impression("search-0001", "boats", 1, 3, List.of("img-a", "img-b", "img-c"), T0);
        click("click-0001", "search-0001", "img-b", 1, T0.plusSeconds(1));

        assertThat(readPairs()).isEmpty();
        assertThat(latestStats()).isEmpty();
        assertThat(recorder.clicksDropped).containsExactly("mismatch");
    }

    @Test
    void clicksOnSearchesByImageAreDropped() {
        impressions.pipeInput("search-0001", new SearchImpression("search-0001", null, "img-q", null, null, MODEL,
                VERSION, "images_tiny_clip_v2", 1, 0, 2, shown(0, List.of("img-a", "img-b")), T0));
        click("click-0001", "search-0001", "img-a", 1, T0.plusSeconds(1));
        click("click-0002", "search-0002", "img-a", 1, T0.plusSeconds(1));
        impressions.pipeInput("search-0002", new SearchImpression("search-0002", null, null, "ab".repeat(32), null,
                MODEL, VERSION, "images_tiny_clip_v2", 1, 0, 2, shown(0, List.of("img-a", "img-b")), T0));

        assertThat(readPairs()).isEmpty();
        assertThat(latestStats()).isEmpty();
        assertThat(recorder.clicksDropped).containsExactly("not-a-text-search", "not-a-text-search");
    }

    @Test
    void weightsAreTheInversePropensitiesClipped() {
        PropensityWeights cascade = new PropensityWeights(1.0, 5.0);
        assertThat(IntStream.range(0, 8).mapToDouble(cascade::weight).toArray())
                .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.0, 5.0);
        assertThat(cascade.propensity(3)).isEqualTo(0.25);
        assertThat(new PropensityWeights(0.5, 10.0).weight(8)).isEqualTo(3.0);
        assertThat(new PropensityWeights(0.0, 10.0).weight(99)).isEqualTo(1.0);

        impression("search-0001", "boats", 1, 10, IntStream.rangeClosed(1, 10).mapToObj(i -> "img-" + i).toList(),
                T0);
        click("click-0001", "search-0001", "img-1", 1, T0.plusSeconds(1));
        click("click-0002", "search-0001", "img-2", 2, T0.plusSeconds(2));
        click("click-0003", "search-0001", "img-8", 8, T0.plusSeconds(3));

        assertThat(readPairs()).extracting(kv -> kv.value.weight()).containsExactly(1.0, 2.0, 5.0);
        assertThat(latestStats().get("boats\timg-8").weight()).isEqualTo(5.0);
    }

    @Test
    void thePurgeRemovesExpiredSearchesAndClicksThatWaitedInVain() {
        impression("search-0001", "boats", 1, 2, List.of("img-a", "img-b"), T0);
        click("click-0001", "search-0009", "img-a", 1, T0.plusSeconds(1));
        assertThat(store(ClickPairTopology.SEARCHES_STORE).get("search-0001")).isNotNull();
        assertThat(store(ClickPairTopology.PENDING_CLICKS_STORE).get("search-0009")).isNotNull();

        // Past search-0001's retention (window 60 s + grace 10 s) and the waiting click's grace.
        impression("search-0002", "dogs", 1, 1, List.of("img-z"), T0.plusSeconds(80));

        assertThat(recorder.clicksDropped).containsExactly("unknown-search");
        assertThat(store(ClickPairTopology.PENDING_CLICKS_STORE).get("search-0009")).isNull();
        assertThat(store(ClickPairTopology.SEARCHES_STORE).get("search-0001")).isNull();
        assertThat(store(ClickPairTopology.SEARCHES_STORE).get("search-0002")).isNotNull();
        assertThat(keys(ClickPairTopology.SEARCH_EXPIRY_STORE)).containsExactly(
                ClickJoinProcessor.expiryKey(T0.plusSeconds(150).toEpochMilli(), "search-0002"));

        // A click on the purged search, clicked within its window, finds nothing to join any more.
        click("click-0002", "search-0001", "img-a", 1, T0.plusSeconds(30));
        // A late page of it is older than any click could join, so it does not bring the search back.
        impression("search-0001", "boats", 2, 2, List.of("img-c", "img-d"), T0.plusSeconds(2));
        impression("search-0003", "dogs", 1, 1, List.of("img-z"), T0.plusSeconds(95));

        assertThat(recorder.clicksDropped).containsExactly("unknown-search", "unknown-search");
        assertThat(recorder.impressionsDropped).containsExactly("expired");
        assertThat(store(ClickPairTopology.SEARCHES_STORE).get("search-0001")).isNull();
        assertThat(readPairs()).isEmpty();
    }

    @Test
    void statsAddUpOverSearchesOfTheSameNormalisedQuery() {
        impression("search-0001", "Red Square", 1, 2, List.of("img-a", "img-x"), T0);
        click("click-0001", "search-0001", "img-x", 2, T0.plusSeconds(3));
        impression("search-0002", "  red   SQUARE", 1, 3, List.of("img-b", "img-c", "img-x"), T0.plusSeconds(100));
        click("click-0002", "search-0002", "img-x", 3, T0.plusSeconds(104));

        assertThat(readPairs()).extracting(kv -> kv.value.negatives())
                .containsExactly(List.of("img-a"), List.of("img-b", "img-c"));
        assertThat(latestStats()).containsExactly(Map.entry("red square\timg-x",
                new PairStats("red square", "img-x", 2, 2, 5.0, T0.plusSeconds(3), T0.plusSeconds(104))));
    }

    @Test
    void eventsWithoutTheFieldsTheJoinNeedsAreDroppedAsMalformed() {
        impressions.pipeInput("search-0001", new SearchImpression("search-0001", "boats", null, null, null, null,
                VERSION, "c", 1, 0, 1, shown(0, List.of("img-a")), T0));
        click(null, "search-0001", "img-a", 1, T0);
        click("click-0002", "search-0001", "img-a", 0, T0);

        assertThat(recorder.impressionsDropped).containsExactly("malformed");
        assertThat(recorder.clicksDropped).containsExactly("malformed", "malformed");
        assertThat(store(ClickPairTopology.SEARCHES_STORE).get("search-0001")).isNull();
    }

    @Test
    void everyStoreIsPersistent() {
        for (String name : List.of(ClickPairTopology.SEARCHES_STORE, ClickPairTopology.SEARCH_EXPIRY_STORE,
                ClickPairTopology.PENDING_CLICKS_STORE)) {
            assertThat(driver.getKeyValueStore(name).persistent()).as(name).isTrue();
        }
        assertThat(driver.getTimestampedKeyValueStore(ClickPairTopology.STATS_STORE).persistent()).isTrue();
    }

    private void startWith(ClickPairSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "click-pairs-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ClickPairTopology.build(TOPICS, settings, recorder), props);
        impressions = driver.createInputTopic(TOPICS.impressions(), Serdes.String().serializer(),
                new JsonSerde<>(SearchImpression.class).serializer(), Instant.EPOCH, Duration.ZERO);
        clicks = driver.createInputTopic(TOPICS.clicks(), Serdes.String().serializer(),
                new JsonSerde<>(SearchClick.class).serializer(), Instant.EPOCH, Duration.ZERO);
        pairs = driver.createOutputTopic(TOPICS.clickPairs(), Serdes.String().deserializer(),
                new JsonSerde<>(ClickPair.class).deserializer());
        stats = driver.createOutputTopic(TOPICS.pairStats(), Serdes.String().deserializer(),
                new JsonSerde<>(PairStats.class).deserializer());
    }

    private void impression(String searchId, String text, int page, int k, List<String> images, Instant time) {
        int offset = (page - 1) * k;
        impressions.pipeInput(searchId, new SearchImpression(searchId, text, null, null, null, MODEL, VERSION,
                "images_tiny_clip_v2", page, offset, k, shown(offset, images), time));
    }

    private static List<SearchImpression.Shown> shown(int offset, List<String> images) {
        return IntStream.range(0, images.size())
                .mapToObj(i -> new SearchImpression.Shown(images.get(i), offset + i + 1, 0.5 - i * 0.01))
                .toList();
    }

    private void click(String clickId, String searchId, String imageId, int rank, Instant time) {
        clicks.pipeInput(searchId, new SearchClick(clickId, searchId, imageId, rank, null, MODEL, VERSION, time));
    }

    /** Pairs written since the last read, each checked against its schema. */
    private List<KeyValue<String, ClickPair>> readPairs() {
        List<KeyValue<String, ClickPair>> out = pairs.readKeyValuesToList();
        out.forEach(kv -> assertValid(EventSchemas.CLICK_PAIR, kv.value));
        return out;
    }

    private List<KeyValue<String, PairStats>> readStats() {
        List<KeyValue<String, PairStats>> out = stats.readKeyValuesToList();
        out.forEach(kv -> assertValid(EventSchemas.PAIR_STATS, kv.value));
        return out;
    }

    /** The last value of each key written since the last read, as a compacted topic would keep it. */
    private Map<String, PairStats> latestStats() {
        Map<String, PairStats> latest = new LinkedHashMap<>();
        readStats().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    private static void assertValid(String schema, Object value) {
        JsonNode json = EventJson.mapper().valueToTree(value);
        assertThat(EventSchemas.get().validate(schema, json)).as(schema + ": " + json).isEmpty();
    }

    private <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    private List<String> keys(String store) {
        List<String> keys = new ArrayList<>();
        try (var all = this.<Object>store(store).all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** Keeps what the topology reported, in order. */
    private static final class Recorder implements ClickPairListener {
        final List<String> clicksDropped = new ArrayList<>();
        final List<String> impressionsDropped = new ArrayList<>();
        int emitted;

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
            emitted++;
        }
    }
}
