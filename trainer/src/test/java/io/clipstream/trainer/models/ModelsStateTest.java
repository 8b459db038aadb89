package io.clipstream.trainer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.events.ModelVersionEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsStateTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    static ModelVersionEvent published(String model, int v) {
        return new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, model, v, "images_" + model + "_v" + v, null, T);
    }

    static ModelVersionEvent activated(String model, int v, int previous) {
        return new ModelVersionEvent(ModelVersionEvent.Type.ACTIVATED, model, v, "images_" + model + "_v" + v,
                previous, T);
    }

    @Test
    void tracksPublishedRetiredAndActiveVersionsOfItsModelOnly() {
        ModelsState state = new ModelsState("m");
        state.apply("m/v1", published("m", 1));
        state.apply("m/v2", published("m", 2));
        state.apply("other/v7", published("other", 7));
        state.apply("m/active", activated("m", 2, 0));
        state.apply("m/v1", null);
        state.apply("other/v3", null);
        state.apply("garbage", null);

        assertThat(state.published().keySet()).containsExactly(2);
        assertThat(state.retired()).containsExactly(1);
        assertThat(state.activeVersion()).isEqualTo(2);
        assertThat(state.highestVersion()).isEqualTo(2);
    }

    @Test
    void versionZeroIsActiveUntilSomethingIsActivatedAndRetiredNumbersAreNeverReused() {
        ModelsState state = new ModelsState("m");
        assertThat(state.activeVersion()).isZero();
        state.apply("m/v4", published("m", 4));
        state.apply("m/v4", null);
        assertThat(state.published()).isEmpty();
        assertThat(state.highestVersion()).isEqualTo(4);
        state.apply("m/v4", published("m", 4));
        assertThat(state.retired()).isEmpty();
        state.apply("m/vx", null);
        state.apply("m/v1/extra", null);
        assertThat(state.retired()).isEmpty();
        assertThatThrownBy(() -> state.apply("m/v99999999999", null)).hasMessageContaining("out of range");
    }

    @Test
    void retentionKeepsTheNewestTheActiveOneAndItsRollbackTarget() {
        ModelsState state = new ModelsState("m");
        for (int v = 1; v <= 6; v++) {
            state.apply("m/v" + v, published("m", v));
        }
        state.apply("m/active", activated("m", 2, 1));
        VersionRetention retention = new VersionRetention("m", 2, null);

        assertThat(retention.toRetire(state)).isEqualTo(List.of(3, 4));
    }
}
