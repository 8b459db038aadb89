package io.clipstream.cli.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.ImageUploaded;
import io.clipstream.kafka.clients.KafkaClientFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes image files as {@code ImageUploaded} events, keyed by image id, exactly as the indexer reads them
 * (the value is validated against the schema file before it is sent). Plain Java, no CLI: {@code clipstream
 * publish} and {@code ./clipstream local} both use it.
 *
 * <p>The producer is idempotent with {@code acks=all}; {@link #publish} returns after every record was
 * acknowledged or failed, and a file counts as published only once Kafka acknowledged it.
 */
public final class ImagePublisher {

    /** Metadata key every event carries: the path below the folder given (the query API can filter on it). */
    public static final String PATH_METADATA = "path";

    private final KafkaClientFactory kafka;
    private final PublishOptions options;
    private final EventSchemas schemas = EventSchemas.get();

    /** @param kafka builds the producer (serializers, {@code acks} and {@code enable.idempotence} are set here) */
    public ImagePublisher(KafkaClientFactory kafka, PublishOptions options) {
        this.kafka = kafka;
        this.options = options;
    }

    /**
     * Publishes every file below {@code roots} (folders recursively, files as given).
     *
     * @throws PublishException when the run cannot start: Kafka unreachable, topic missing, state file unusable
     * @throws NoSuchFileException when a root does not exist
     */
    public PublishResult publish(List<Path> roots, PublishListener listener)
            throws PublishException, NoSuchFileException, InterruptedException {
        Set<Path> exclude = options.stateFile() == null ? Set.of() : Set.of(options.stateFile());
        List<Candidate> candidates = FileScanner.scan(roots, exclude);
        if (options.fixedId() != null && candidates.size() != 1) {
            throw new IllegalArgumentException("a fixed image id needs exactly one file, found "
                    + candidates.size());
        }
        KafkaPreflight.check(kafka, options.topic(), options.connectTimeout(), options.createTopic(),
                options.topicPartitions());
        Collector collector = new Collector(listener);
        listener.started(candidates.size());
        try (PublishState state = openState();
             KafkaProducer<byte[], byte[]> producer = kafka.producer("publish", new ByteArraySerializer(),
                     new ByteArraySerializer(), producerOverrides())) {
            Map<String, Path> seen = new HashMap<>();
            for (Candidate candidate : candidates) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("publishing interrupted");
                }
                send(candidate, producer, state, seen, collector);
            }
            // flush() returns once every record sent completed, after its callback ran.
            producer.flush();
        } catch (IOException e) {
            throw new PublishException(PublishException.Kind.STATE_FILE, "cannot use the state file "
                    + options.stateFile() + ": " + e.getMessage(), e);
        }
        return collector.result();
    }

    private PublishState openState() throws IOException {
        return options.stateFile() == null ? PublishState.none()
                : PublishState.open(options.stateFile(), options.resume());
    }

    private Map<String, Object> producerOverrides() {
        Map<String, Object> props = new HashMap<>();
        if (!kafka.common().containsKey(ProducerConfig.MAX_BLOCK_MS_CONFIG)) {
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        }
        // Not overridable: a file counts as published only when every in-sync replica has it, written once.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    private void send(Candidate candidate, KafkaProducer<byte[], byte[]> producer, PublishState state,
                      Map<String, Path> seen, Collector collector) {
        Path file = candidate.file();
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                collector.failed(file, Files.isSymbolicLink(file) ? "unreadable: dangling symbolic link"
                        : "unreadable: not a regular file");
                return;
            }
            long size = Files.size(file);
            if (size > options.maxFileBytes()) {
                collector.failed(file, "too large: " + size + " bytes, over the limit of " + options.maxFileBytes()
                        + " bytes");
                return;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            collector.failed(file, "unreadable: " + e);
            return;
        }
        ContentTypes.Detection detection = ContentTypes.detect(file, bytes);
        if (detection instanceof ContentTypes.NotPublishable not) {
            collector.skipped(file, not.reason(), not.detail());
            return;
        }
        String mediaType = ((ContentTypes.Image) detection).mediaType();
        String sha256 = ImageIds.sha256Hex(bytes);
        String id = options.fixedId() != null ? options.fixedId()
                : ImageIds.of(options.idSource(), options.idPrefix(), sha256, candidate.relativePath());
        Path first = seen.putIfAbsent(id, file);
        if (first != null) {
            collector.skipped(file, SkipReason.DUPLICATE, "image id " + id + " already taken by " + first);
            return;
        }
        if (options.resume() && state.contains(options.topic(), id, sha256, file)) {
            collector.skipped(file, SkipReason.ALREADY_PUBLISHED, id);
            return;
        }
        byte[] value;
        try {
            value = eventBytes(file, candidate.relativePath(), bytes, mediaType, id);
        } catch (InvalidEvent e) {
            collector.failed(file, e.getMessage());
            return;
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(options.topic(),
                id.getBytes(StandardCharsets.UTF_8), value);
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    try {
                        state.append(options.topic(), id, sha256, file);
                        collector.published(file, id);
                    } catch (java.io.UncheckedIOException e) {
                        collector.failed(file, "published as " + id + ", but the state file could not record it: "
                                + e.getCause());
                    }
                } else if (error instanceof RecordTooLargeException) {
                    collector.failed(file, "too large for one Kafka record (" + value.length + " bytes of event; "
                            + "use --mode url, or raise max.request.size and the broker's message.max.bytes)");
                } else {
                    collector.failed(file, "Kafka did not take it: " + error);
                }
            });
        } catch (KafkaException e) {
            collector.failed(file, "Kafka did not take it: " + e);
        }
    }

    private byte[] eventBytes(Path file, String relativePath, byte[] bytes, String mediaType, String id)
            throws InvalidEvent {
        List<String> idProblems = schemas.validateImageId(id);
        if (!idProblems.isEmpty()) {
            throw new InvalidEvent("invalid image id " + id + ": " + String.join("; ", idProblems));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(PATH_METADATA, relativePath);
        metadata.putAll(options.metadata());
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (IOException e) {
            throw new InvalidEvent("unreadable: " + e);
        }
        ImageUploaded event = (options.mode() == PayloadMode.INLINE
                ? ImageUploaded.inline(Base64.getEncoder().encodeToString(bytes))
                : ImageUploaded.byUrl(fileUrl(file)))
                .withContentType(mediaType)
                .withMetadata(metadata)
                .withEventTime(modified);
        try {
            // The schema check on a copy without the bytes: the same rules, without scanning megabytes of base64.
            JsonNode checked = EventJson.mapper().valueToTree(event.isInline()
                    ? new ImageUploaded(null, "AA==", event.contentType(), metadata, modified) : event);
            List<String> problems = schemas.validate(EventSchemas.IMAGE_UPLOADED, checked);
            if (!problems.isEmpty()) {
                throw new InvalidEvent("invalid event: " + String.join("; ", problems));
            }
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new InvalidEvent("cannot write the event: " + e.getOriginalMessage());
        }
    }

    /** The real path, since the indexer resolves links before checking the url lies below its file root. */
    static String fileUrl(Path file) throws InvalidEvent {
        try {
            return file.toRealPath().toUri().toString();
        } catch (IOException e) {
            throw new InvalidEvent("unreadable: " + e);
        }
    }

    private static final class InvalidEvent extends Exception {
        InvalidEvent(String message) {
            super(message);
        }
    }

    /** Gathers outcomes from both threads and forwards them to the listener. */
    private static final class Collector {
        private final PublishListener listener;
        private final List<PublishResult.Published> published = new ArrayList<>();
        private final List<PublishResult.Skipped> skipped = new ArrayList<>();
        private final List<PublishResult.Failed> failed = new ArrayList<>();

        Collector(PublishListener listener) {
            this.listener = listener;
        }

        synchronized void published(Path file, String id) {
            published.add(new PublishResult.Published(file, id));
            listener.published(file, id);
        }

        synchronized void skipped(Path file, SkipReason reason, String detail) {
            skipped.add(new PublishResult.Skipped(file, reason, detail));
            listener.skipped(file, reason, detail);
        }

        synchronized void failed(Path file, String reason) {
            failed.add(new PublishResult.Failed(file, reason));
            listener.failed(file, reason);
        }

        synchronized PublishResult result() {
            return new PublishResult(published, skipped, failed);
        }
    }
}
