package io.clipstream.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.cli.CliRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsCommandTest {

    @Test
    void planReadsTheServicesVariables() {
        CliRun run = CliRun.run(Map.of("CLIPSTREAM_MODEL_ID", "clip-b32", "CLIPSTREAM_TOPICS_PARTITIONS", "12",
                "CLIPSTREAM_TOPICS_UPLOADED", "prod.uploads", "CLIPSTREAM_TOPICS_UPLOADED_RETENTION_MS", "86400000"),
                "topics", "plan");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).contains(
                "prod.uploads 12 cleanup.policy=delete retention.ms=86400000",
                "images.embeddings.clip-b32 12 cleanup.policy=compact",
                "images.embeddings.clip-b32.dlq 12 cleanup.policy=delete retention.ms=2592000000",
                "models 1 cleanup.policy=compact",
                "search.impressions 12 cleanup.policy=delete retention.ms=604800000",
                "search.clicks 12 cleanup.policy=delete retention.ms=604800000",
                "images.duplicates 12 cleanup.policy=compact").hasSize(13);
    }

    @Test
    void anOptionIsAboveTheVariablesAndTheModelIdIsRequired() {
        CliRun run = CliRun.run(Map.of("CLIPSTREAM_TOPICS_PARTITIONS", "12"), "topics", "plan", "--model-id", "m",
                "--set", "clipstream.topics.partitions=3");
        assertThat(run.out().lines()).contains("images.indexed 3 cleanup.policy=compact");

        CliRun missing = CliRun.run(Map.of(), "topics", "plan");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--model-id");
        CliRun foreign = CliRun.run(Map.of(), "topics", "plan", "--model-id", "m", "--set", "kafka.x=y");
        assertThat(foreign.exitCode()).isEqualTo(2);
    }
}
