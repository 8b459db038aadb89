package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.ErrorClass;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.events.ImageIndexed;
import io.clipstream.events.VectorEncoding;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.VectorStoreException.Kind;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.health.StoreHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The projection's side of refusals and outages, on a store that refuses what it cannot hold. */
class VersionProjectionTest {

    private static final int MAX_URL = 64;

    private final FussyStore store = new FussyStore();
    private final List<String> deadLetters = new ArrayList<>();
    private final List<ImageIndexed> statuses = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProjectionMeters meters = ProjectionMeters.of(registry, 0);
    private final VersionProjection projection = new VersionProjection(ProjectedVersion.base("m", 0, "images"),
            UnaryOperator.identity(), store, new StoreRetry(Backoff.ofMillis(10, 100),
            new StoreHealth(store, Duration.ofHours(1), Duration.ofSeconds(1)), meters.storeRetries(), "test"),
            new ProjectionOutputs() {
                @Override
                public CompletionStage<Void> deadLetter(ConsumerRecord<String, byte[]> record, ErrorClass errorClass,
                                                        String reason, Exception cause) {
                    deadLetters.add(record.key() + "@" + record.offset() + " " + errorClass + ": " + reason);
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public CompletionStage<Void> status(ImageIndexed event) {
                    statuses.add(event);
                    return CompletableFuture.completedFuture(null);
                }
            }, meters);
    private long offset;

    @Test
    void aRecordTheStoreRefusesGoesToTheDeadLettersWithItsMessageAndTheOthersAreStored() throws Exception {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(embedding("img-" + i, "https://e.org/" + i));
        }
        records.add(5, embedding("img-long", "https://e.org/" + "x".repeat(100)));
        records.add(embedding("img-3", "https://e.org/" + "y".repeat(100)));
        records.add(tombstone("img-7"));

        projection.project(records, pauses::add);

        assertThat(deadLetters).containsExactlyInAnyOrder(
                "img-long@20 STORE_REJECTED: url of img-long has 114 characters, at most 64",
                "img-3@21 STORE_REJECTED: url of img-3 has 114 characters, at most 64");
        assertThat(store.rows.keySet()).hasSize(18).doesNotContain("img-long", "img-3", "img-7");
        assertThat(statuses).extracting(ImageIndexed::imageId).hasSize(19).contains("img-7")
                .doesNotContain("img-long", "img-3");
        assertThat(meters.refused().count()).isEqualTo(2);
        assertThat(meters.upserts().count()).isEqualTo(18);
        assertThat(pauses).as("no outage, no pause").isEmpty();
    }

    @Test
    void anOutageIsRetriedThroughThePauseAndNothingIsDeadLettered() throws Exception {
        store.outages = 3;

        projection.project(List.of(embedding("a", ""), embedding("b", "")), pauses::add);

        assertThat(pauses).hasSize(3);
        assertThat(store.rows.keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(deadLetters).isEmpty();
        assertThat(meters.storeRetries().count()).isEqualTo(3);
    }

    private ConsumerRecord<String, byte[]> embedding(String id, String url) {
        Instant t = Instant.parse("2026-11-27T00:00:00Z");
        ImageEmbedded header = new ImageEmbedded(id, "m", 2, VectorEncoding.F32LE, url, "image/png", 1, 1, Map.of(),
                t, t);
        return new ConsumerRecord<>("images.embeddings.m", 0, offset++, id,
                new EmbeddingMessage(header, new float[] {1f, 0f}).encode());
    }

    private ConsumerRecord<String, byte[]> tombstone(String id) {
        return new ConsumerRecord<>("images.embeddings.m", 0, offset++, id, null);
    }

    /** In memory; refuses a whole upsert holding a url over {@value MAX_URL} characters, fails the first calls. */
    private static final class FussyStore implements VectorStore {
        final Map<String, VectorRecord> rows = new LinkedHashMap<>();
        final Map<String, Integer> collections = new HashMap<>();
        int outages;

        private void maybeOut() {
            if (outages > 0) {
                outages--;
                throw new VectorStoreException(Kind.TRANSPORT, "connection refused", null);
            }
        }

        @Override
        public void ensureCollection(CollectionSpec spec) {
            maybeOut();
            collections.putIfAbsent(spec.name(), spec.dims());
        }

        @Override
        public boolean collectionExists(String collection) {
            return collections.containsKey(collection);
        }

        @Override
        public List<String> listCollections() {
            return List.copyOf(collections.keySet());
        }

        @Override
        public void dropCollection(String collection) {
            collections.remove(collection);
        }

        @Override
        public void upsert(String collection, List<VectorRecord> records) {
            maybeOut();
            for (VectorRecord r : records) {
                if (r.url().length() > MAX_URL) {
                    throw new VectorStoreException(Kind.REFUSED, "url of " + r.id() + " has " + r.url().length()
                            + " characters, at most " + MAX_URL, null);
                }
            }
            records.forEach(r -> rows.put(r.id(), r));
        }

        @Override
        public void delete(String collection, Collection<String> ids) {
            maybeOut();
            ids.forEach(rows::remove);
        }

        @Override
        public List<VectorRecord> get(String collection, Collection<String> ids) {
            return ids.stream().map(rows::get).filter(r -> r != null).toList();
        }

        @Override
        public long count(String collection) {
            return rows.size();
        }

        @Override
        public List<String> allIds(String collection) {
            return List.copyOf(rows.keySet());
        }

        @Override
        public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pointAlias(String alias, String collection) {
        }

        @Override
        public Optional<String> aliasTarget(String alias) {
            return Optional.of("somewhere");
        }

        @Override
        public boolean isReachable() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
