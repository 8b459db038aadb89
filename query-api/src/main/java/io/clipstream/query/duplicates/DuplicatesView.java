package io.clipstream.query.duplicates;

import io.clipstream.events.DuplicateTier;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.follow.TopicTail;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.query.search.DuplicateGroups;
import io.clipstream.versions.VersionsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The duplicates topic in memory, for the API: every replica reads the whole compacted topic (no consumer group)
 * and follows it ({@link TopicTail}), as it does the models topic. A group is held by its smallest member (its id), so listing a tier's
 * groups reads the records of the images whose id is their group's.
 */
@ApplicationScoped
public class DuplicatesView implements DuplicateGroups {

    private static final Logger LOG = Logger.getLogger(DuplicatesView.class);

    @Inject
    QueryConfig config;

    @Inject
    KafkaClientFactory kafka;

    private final Map<String, ImageDuplicates> records = new ConcurrentHashMap<>();
    private volatile TopicTail tail;

    void onStart(@Observes @Priority(700) StartupEvent event) {
        // Followed as the models topic is: the same retry delays and poll (clipstream.versions.*).
        VersionsConfig follow = config.versions();
        tail = new TopicTail(kafka, "duplicates-view", config.topics().duplicates(),
                Backoff.ofMillis(follow.retryInitialBackoffMs(), follow.retryMaxBackoffMs()),
                Duration.ofMillis(follow.pollTimeoutMs()), new TopicTail.Handler() {
                    @Override
                    public void onReplay() {
                        records.clear();
                    }

                    @Override
                    public void onRecord(ConsumerRecord<String, byte[]> record) {
                        apply(record);
                    }
                });
        tail.start();
    }

    /** False once its follower of the topic gave up. */
    public boolean alive() {
        return tail == null || tail.alive();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (tail != null) {
            tail.stop(Duration.ofSeconds(10));
        }
    }

    /** The image's record: its links and groups; empty when the stage has not seen it (or it was deleted). */
    public Optional<ImageDuplicates> of(String imageId) {
        return Optional.ofNullable(records.get(imageId));
    }

    /** The id of the image's group in {@code tier}, if it is in one. */
    @Override
    public Optional<String> groupOf(String imageId, DuplicateTier tier) {
        return of(imageId).flatMap(r -> group(r, tier)).map(ImageDuplicates.Group::groupId);
    }

    /** The group of {@code tier} whose id is {@code groupId}, if the topic holds it. */
    public Optional<ImageDuplicates.Group> group(DuplicateTier tier, String groupId) {
        return of(groupId).flatMap(r -> group(r, tier)).filter(g -> g.groupId().equals(groupId));
    }

    /** Every group of {@code tier}, largest first, then by id. */
    public List<ImageDuplicates.Group> groups(DuplicateTier tier) {
        List<ImageDuplicates.Group> out = new ArrayList<>();
        for (ImageDuplicates record : records.values()) {
            group(record, tier).filter(g -> g.groupId().equals(record.imageId())).ifPresent(out::add);
        }
        out.sort(Comparator.<ImageDuplicates.Group>comparingInt(g -> -g.members().size())
                .thenComparing(ImageDuplicates.Group::groupId));
        return out;
    }

    private static Optional<ImageDuplicates.Group> group(ImageDuplicates record, DuplicateTier tier) {
        return record.groups().stream().filter(g -> g.tier() == tier).findFirst();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            records.remove(r.key());
            return;
        }
        try {
            ImageDuplicates record = EventJson.mapper().readValue(r.value(), ImageDuplicates.class);
            if (record.baseModelId().equals(config.model().id())) {
                records.put(r.key(), record);
            }
        } catch (IOException e) {
            LOG.warnf("skipping an unreadable duplicates record of %s at offset %d: %s", r.key(), r.offset(),
                    e.getMessage());
        }
    }
}
