package io.clipstream.trainer.pairs;

import io.clipstream.events.ClickPair;
import io.clipstream.events.PairStats;
import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The click-pair topology: search impressions and clicks (both keyed by search id, co-partitioned) in, one
 * {@link ClickPair} per first click on an image in a text search out (keyed by search id), and running
 * {@link PairStats} per (query, image) out (keyed by {@code <queryText>\t<imageId>}, for a compacted topic).
 * <p>
 * The join is one processor over both inputs ({@link ClickJoinProcessor}) with persistent, changelogged stores.
 * The statistics are a KTable aggregate after a repartition by (query, image): searches of the same query land on
 * different partitions, so a per-task aggregate keyed by search would split one pair's totals. Run it with
 * exactly-once processing, so that a crash between a state update and an output cannot count a click twice.
 */
public final class ClickPairTopology {

    /** Search id to {@code SearchState}: the pages seen and the clicks accepted. */
    public static final String SEARCHES_STORE = "click-pairs-searches";
    /** {@code <zero-padded expiry ms> <searchId>} to search id: which searches the purge removes next. */
    public static final String SEARCH_EXPIRY_STORE = "click-pairs-search-expiry";
    /** Search id to the clicks waiting for an impression. */
    public static final String PENDING_CLICKS_STORE = "click-pairs-pending-clicks";
    /** {@code <queryText>\t<imageId>} to {@link PairStats}. */
    public static final String STATS_STORE = "click-pairs-stats";
    /** Name of the repartition by (query, image); its topic is {@code <application.id>-<this>-repartition}. */
    public static final String BY_QUERY_IMAGE = "click-pairs-by-query-image";

    private static final Serde<SearchImpression> IMPRESSIONS = new JsonSerde<>(SearchImpression.class);
    private static final Serde<SearchClick> CLICKS = new JsonSerde<>(SearchClick.class);
    private static final Serde<ClickPair> PAIRS = new JsonSerde<>(ClickPair.class);
    private static final Serde<PairStats> STATS = new JsonSerde<>(PairStats.class);
    private static final Serde<AcceptedClick> ACCEPTED = new JsonSerde<>(AcceptedClick.class);

    private ClickPairTopology() {
    }

    public static Topology build(ClickPairTopics topics, ClickPairSettings settings, ClickPairListener listener) {
        StreamsBuilder builder = new StreamsBuilder();
        EventTimeExtractor eventTime = new EventTimeExtractor();

        KStream<String, SearchInput> impressions = builder
                .stream(topics.impressions(), Consumed.with(Serdes.String(), IMPRESSIONS)
                        .withTimestampExtractor(eventTime).withName("click-pairs-impressions"))
                .mapValues(SearchInput.Shown::new, Named.as("click-pairs-shown"));
        KStream<String, SearchInput> clicks = builder
                .stream(topics.clicks(), Consumed.with(Serdes.String(), CLICKS)
                        .withTimestampExtractor(eventTime).withName("click-pairs-clicks"))
                .mapValues(SearchInput.Clicked::new, Named.as("click-pairs-clicked"));

        KStream<String, AcceptedClick> accepted = impressions
                .merge(clicks, Named.as("click-pairs-inputs"))
                .process(ClickJoinProcessor.supplier(settings, listener), Named.as("click-pairs-join"));

        accepted.filter((searchId, click) -> click.pair() != null, Named.as("click-pairs-first-clicks"))
                .mapValues(AcceptedClick::pair, Named.as("click-pairs-pairs"))
                .to(topics.clickPairs(), Produced.with(Serdes.String(), PAIRS).withName("click-pairs-out"));

        accepted.map((searchId, click) -> KeyValue.pair(click.statsKey(), click.withoutPair()),
                        Named.as("click-pairs-by-pair"))
                .groupByKey(Grouped.with(BY_QUERY_IMAGE, Serdes.String(), ACCEPTED))
                .aggregate(() -> AcceptedClick.NONE_YET, (key, click, stats) -> click.addTo(stats),
                        Named.as("click-pairs-aggregate"),
                        Materialized.<String, PairStats>as(Stores.persistentKeyValueStore(STATS_STORE))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(STATS))
                .toStream(Named.as("click-pairs-stats-changes"))
                .to(topics.pairStats(), Produced.with(Serdes.String(), STATS).withName("pair-stats-out"));

        return builder.build();
    }
}
