package io.clipstream.indexer.duplicates;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.indexer.project.PartitionWriter;
import io.clipstream.indexer.project.StoreRetry;
import io.clipstream.indexer.publish.Acks;
import io.clipstream.model.vector.Vectors;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The duplicates stage's writer: each embeddings record, in offset order, is judged against its nearest neighbours
 * in the live collection (looked up for the whole poll in one request), the images with its digests, and the
 * images the stage saw last ({@link RecentVectors}: the projector, another consumer group, may not have written
 * those yet); the graph is updated and every image whose record changed is written to the duplicates topic, a
 * delete as a tombstone. Returns once Kafka acknowledged every write, so the runtime commits the offsets after them.
 */
public final class DuplicatesWriter implements PartitionWriter {

    private static final Logger LOG = Logger.getLogger(DuplicatesWriter.class);

    private final DuplicatesState state;
    private final DuplicateRules rules;
    private final VectorStore store;
    private final String collection;
    private final int neighbours;
    private final StoreRetry retry;
    private final DuplicatesOutput output;
    private final Clock clock;

    /**
     * @param collection the live collection or its alias, searched for neighbours
     * @param neighbours nearest neighbours looked up per image
     */
    public DuplicatesWriter(DuplicatesState state, DuplicateRules rules, VectorStore store, String collection,
                            int neighbours, StoreRetry retry, DuplicatesOutput output, Clock clock) {
        this.state = state;
        this.rules = rules;
        this.store = store;
        this.collection = collection;
        this.neighbours = neighbours;
        this.retry = retry;
        this.output = output;
        this.clock = clock;
    }

    @Override
    public void project(List<ConsumerRecord<String, byte[]>> records, StoreRetry.Pause pause)
            throws InterruptedException {
        boolean searchable = retry.call("look up " + collection, () -> store.aliasTarget(collection).isPresent()
                || store.collectionExists(collection), pause);
        List<Arrival> arrivals = arrivals(records);
        List<float[]> vectors = arrivals.stream().filter(a -> a.message() != null).map(a -> a.message().vector())
                .toList();
        // The neighbours of the whole poll in one request: the stage does not write the collection, so each image
        // finds the same ones as in a search of its own, and the state is not held during the store's answer.
        List<List<SearchHit>> found = searchable && !vectors.isEmpty()
                ? retry.call("search " + collection + " for " + vectors.size() + " images",
                        () -> store.searchEach(collection, vectors, neighbours + 1), pause)
                : null;
        List<CompletionStage<Void>> sends = new ArrayList<>();
        synchronized (state) {
            Set<String> affected = new LinkedHashSet<>();
            int searched = 0;
            for (Arrival arrival : arrivals) {
                String id = arrival.id();
                if (arrival.message() == null) {
                    affected.addAll(state.graph().remove(id));
                    affected.remove(id);
                    state.recent().remove(id);
                    if (state.forget(id)) {
                        sends.add(output.tombstone(id));
                    }
                    continue;
                }
                ImageEmbedded header = arrival.message().header();
                float[] vector = arrival.message().vector();
                Candidate c = new Candidate(id, header.evidence(), header.eventTime().toEpochMilli());
                List<SearchHit> hits = found == null ? List.of() : found.get(searched);
                searched++;
                List<ImageDuplicates.Link> links = links(c, vector, hits);
                state.recent().add(c, vector);
                affected.addAll(state.graph().put(c, links));
            }
            Instant now = clock.instant();
            for (String id : affected) {
                if (state.graph().candidate(id).isPresent()) {
                    ImageDuplicates current = state.graph().record(id, state.modelId(), now);
                    if (state.changed(current)) {
                        sends.add(output.record(current));
                    }
                }
            }
        }
        Acks.awaitAll(sends);
    }

    /** An image of the poll in offset order: its embedding, or null for a delete. */
    private record Arrival(String id, EmbeddingMessage message) {
    }

    /** The poll's records that concern an image: deletes, and embeddings that decode. */
    private static List<Arrival> arrivals(List<ConsumerRecord<String, byte[]>> records) {
        List<Arrival> arrivals = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                continue;
            }
            if (record.value() == null) {
                arrivals.add(new Arrival(record.key(), null));
            } else {
                decode(record).ifPresent(message -> arrivals.add(new Arrival(record.key(), message)));
            }
        }
        return arrivals;
    }

    /**
     * Applies a user's dismissal: links among its members stop counting for its tier; every image whose record
     * changed is written again. Returns once Kafka acknowledged the writes.
     */
    public void dismiss(DuplicateDismissal dismissal) throws InterruptedException {
        List<CompletionStage<Void>> sends = new ArrayList<>();
        synchronized (state) {
            Set<String> affected = state.graph().dismiss(dismissal.tier(), dismissal.members());
            Instant now = clock.instant();
            for (String id : affected) {
                ImageDuplicates current = state.graph().record(id, state.modelId(), now);
                if (state.changed(current)) {
                    sends.add(output.record(current));
                }
            }
        }
        Acks.awaitAll(sends);
    }

    /** Judges {@code c} against the recent images, those with its digests and its neighbours in the collection. */
    private List<ImageDuplicates.Link> links(Candidate c, float[] vector, List<SearchHit> neighbourHits) {
        List<ImageDuplicates.Link> links = new ArrayList<>();
        Set<String> judged = new LinkedHashSet<>();
        judged.add(c.imageId());
        for (RecentVectors.Entry seen : state.recent().entries()) {
            if (judged.add(seen.candidate().imageId())) {
                rules.judge(c, seen.candidate(), Vectors.dot(vector, seen.vector())).ifPresent(links::add);
            }
        }
        for (String same : state.graph().exactMatches(c)) {
            if (judged.add(same)) {
                state.graph().candidate(same).flatMap(other -> rules.judge(c, other, 1.0)).ifPresent(links::add);
            }
        }
        for (SearchHit hit : neighbourHits) {
            if (judged.add(hit.id())) {
                state.graph().candidate(hit.id()).flatMap(other -> rules.judge(c, other, hit.similarity()))
                        .ifPresent(links::add);
            }
        }
        return links;
    }

    /** A record the projector dead-letters (malformed) is no image for the duplicates either: skipped, warned. */
    private static Optional<EmbeddingMessage> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(EmbeddingMessage.decode(record.value()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("duplicates: skipping the malformed embedding at %s-%d@%d (the projector dead-letters it): %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
