package io.clipstream.cli.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ImagePublisher} publishes and how; build it with {@link #builder()}.
 *
 * @param fixedId the id of the one image published (null: computed from {@code idSource})
 * @param stateFile where published images are recorded after their ack (null: no record, no resume)
 * @param resume skip files the state file records as published, unchanged, under the same id and topic
 * @param maxFileBytes larger files fail as too large (the indexer's default decode limit is 20 MiB)
 * @param connectTimeout how long to wait for the Kafka cluster to answer before calling it unreachable
 * @param createTopic create the topic when it is missing (otherwise a missing topic fails the run)
 */
public record PublishOptions(
        String topic,
        PayloadMode mode,
        IdSource idSource,
        String idPrefix,
        String fixedId,
        Map<String, Object> metadata,
        Path stateFile,
        boolean resume,
        long maxFileBytes,
        Duration connectTimeout,
        boolean createTopic,
        int topicPartitions) {

    public static final String DEFAULT_TOPIC = "images.uploaded";
    public static final long DEFAULT_MAX_FILE_BYTES = 20L * 1024 * 1024;

    public PublishOptions {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(idSource, "idSource");
        idPrefix = idPrefix == null ? "" : idPrefix;
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (resume && stateFile == null) {
            throw new IllegalArgumentException("resume needs a state file");
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String topic = DEFAULT_TOPIC;
        private PayloadMode mode = PayloadMode.INLINE;
        private IdSource idSource = IdSource.CONTENT;
        private String idPrefix = "";
        private String fixedId;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private Path stateFile;
        private boolean resume;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private boolean createTopic;
        private int topicPartitions = 1;

        public Builder topic(String value) {
            topic = value;
            return this;
        }

        public Builder mode(PayloadMode value) {
            mode = value;
            return this;
        }

        public Builder idSource(IdSource value) {
            idSource = value;
            return this;
        }

        public Builder idPrefix(String value) {
            idPrefix = value;
            return this;
        }

        public Builder fixedId(String value) {
            fixedId = value;
            return this;
        }

        public Builder metadata(Map<String, ?> values) {
            metadata.putAll(values);
            return this;
        }

        public Builder stateFile(Path value) {
            stateFile = value;
            return this;
        }

        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        public Builder maxFileBytes(long value) {
            maxFileBytes = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder createTopic(boolean value, int partitions) {
            createTopic = value;
            topicPartitions = partitions;
            return this;
        }

        public PublishOptions build() {
            return new PublishOptions(topic, mode, idSource, idPrefix, fixedId, metadata, stateFile, resume,
                    maxFileBytes, connectTimeout, createTopic, topicPartitions);
        }
    }
}
