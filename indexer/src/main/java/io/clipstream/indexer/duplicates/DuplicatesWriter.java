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
 * in the live collection, the images with its digests, and the images the stage saw last ({@link RecentVectors}:
 * the projector, another consumer group, may not have written those yet); the graph is updated and every image whose record changed is written to the
 * duplicates topic, a delete as a tombstone. Returns once Kafka acknowledged every write, so the runtime commits
 * the offsets after them.
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
        List<CompletionStage<Void>> sends = new ArrayList<>();
        synchronized (state) {
            Set<String> affected = new LinkedHashSet<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                String id = record.key();
                if (id == null) {
                    continue;
                }
                if (record.value() == null) {
                    affected.addAll(state.graph().remove(id));
                    affected.remove(id);
                    state.recent().remove(id);
                    if (state.forget(id)) {
                        sends.add(output.tombstone(id));
                    }
                    continue;
                }
                Optional<EmbeddingMessage> message = decode(record);
                if (message.isEmpty()) {
                    continue;
                }
                ImageEmbedded header = message.get().header();
                float[] vector = message.get().vector();
                Candidate c = new Candidate(id, header.evidence(), header.eventTime().toEpochMilli());
                List<ImageDuplicates.Link> links = links(c, vector, searchable, pause);
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

    private List<ImageDuplicates.Link> links(Candidate c, float[] vector, boolean searchable,
                                             StoreRetry.Pause pause) throws InterruptedException {
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
        if (searchable) {
            List<SearchHit> hits = retry.call("search " + collection, () -> store.search(collection, vector,
                    neighbours + 1, 0), pause);
            for (SearchHit hit : hits) {
                if (judged.add(hit.id())) {
                    state.graph().candidate(hit.id()).flatMap(other -> rules.judge(c, other, hit.similarity()))
                            .ifPresent(links::add);
                }
            }
        }
        return links;
    }

    /** A record the projector dead-letters (malformed) is no image for the duplicates either: skipped, warned. */
    private static Optional<EmbeddingMessage> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(EmbeddingMessage.decode(record.value()));
        } catch (RuntimeException e) {
            LOG.warnf("duplicates: skipping the malformed embedding at %s-%d@%d (the projector dead-letters it): %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
