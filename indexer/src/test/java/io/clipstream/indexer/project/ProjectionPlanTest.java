package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.events.VectorEncoding;
import io.clipstream.model.adapter.AdapterLoadException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ProjectionPlanTest {

    private long offset;

    @Test
    void theLastRecordOfAnIdWins() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                embedding("a", 1f), embedding("b", 2f), tombstone("a"), embedding("c", 3f), tombstone("c"),
                embedding("c", 4f), embedding("b", 5f));

        ProjectionPlan plan = ProjectionPlan.of(batch, UnaryOperator.identity(), 2, 99L);

        assertThat(plan.deletes()).containsExactly("a");
        assertThat(plan.upserts().keySet()).containsExactlyInAnyOrder("b", "c");
        assertThat(plan.upserts().get("b").vector()[0]).isEqualTo(5f);
        assertThat(plan.upserts().get("c").vector()[0]).isEqualTo(4f);
        assertThat(plan.upserts().get("b").indexedTimeMs()).isEqualTo(99L);
        assertThat(plan.upserts().get("b").metadata()).containsEntry("k", "v");
        assertThat(plan.invalid()).isEmpty();
    }

    @Test
    void undecodableMismatchedAndWrongSizedRecordsAreSetAside() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                record("x", "{\"json\":1}".getBytes()), embedding("y", 1f), record(null, new byte[1]),
                new ConsumerRecord<>("t", 0, offset++, "other-key", embedding("z", 1f).value()));

        ProjectionPlan plan = ProjectionPlan.of(batch, UnaryOperator.identity(), 3, 0L);

        assertThat(plan.upserts()).isEmpty();
        assertThat(plan.invalid()).extracting(ProjectionPlan.Invalid::reason).satisfiesExactly(
                r -> assertThat(r).contains("magic"),
                r -> assertThat(r).contains("2 dims, the collection 3"),
                r -> assertThat(r).contains("no key"),
                r -> assertThat(r).contains("differs from header imageId"));
    }

    @Test
    void theAdapterMapsEveryVector() {
        ProjectionPlan plan = ProjectionPlan.of(List.of(embedding("a", 1f)), v -> new float[] {v[0] * 10, 0, 0}, 3,
                0L);

        assertThat(plan.upserts().get("a").vector()).containsExactly(10f, 0f, 0f);
    }

    @Test
    void aVectorTheAdapterRefusesIsInvalidButAnAdapterThatCannotLoadFailsTheBatch() {
        ProjectionPlan plan = ProjectionPlan.of(List.of(embedding("a", 1f)), v -> {
            throw new IllegalArgumentException("expected a 3-d vector, got 2");
        }, 3, 0L);

        assertThat(plan.upserts()).isEmpty();
        assertThat(plan.invalid()).extracting(ProjectionPlan.Invalid::reason)
                .containsExactly("the version's adapter cannot map this vector: expected a 3-d vector, got 2");
        assertThatThrownBy(() -> ProjectionPlan.of(List.of(embedding("a", 1f)), v -> {
            throw new AdapterLoadException("model m v1 has no /registry/m/v1/manifest.json");
        }, 3, 0L)).isInstanceOf(AdapterLoadException.class);
    }

    private ConsumerRecord<String, byte[]> embedding(String id, float first) {
        Instant t = Instant.parse("2026-11-27T00:00:00Z");
        ImageEmbedded header = new ImageEmbedded(id, "m", 2, VectorEncoding.F32LE, "https://e.org/" + id, "image/png",
                1, 1, Map.of("k", "v"), t, t);
        return record(id, new EmbeddingMessage(header, new float[] {first, 0f}).encode());
    }

    private ConsumerRecord<String, byte[]> tombstone(String id) {
        return record(id, null);
    }

    private ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("images.embeddings.m", 0, offset++, key, value);
    }
}
