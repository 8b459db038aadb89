package io.clipstream.versions;

import static io.clipstream.versions.ModelsTestData.activated;
import static io.clipstream.versions.ModelsTestData.json;
import static io.clipstream.versions.ModelsTestData.published;
import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.ModelVersionEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelsRecordsTest {

    private final ModelsRecords records = new ModelsRecords("m");

    @Test
    void keysAreOnePerVersionAndOnePerModel() {
        assertThat(ModelsKeys.version("m", 3)).isEqualTo("m/v3");
        assertThat(ModelsKeys.active("m")).isEqualTo("m/active");
        assertThat(ModelsKeys.of(published("m", 3))).isEqualTo("m/v3");
        assertThat(ModelsKeys.of(activated("m", 3, 0))).isEqualTo("m/active");
        assertThat(ModelsKeys.versionOf("m", "m/v12")).hasValue(12);
        assertThat(ModelsKeys.versionOf("m", "m/vx")).isEmpty();
        assertThat(ModelsKeys.versionOf("m", "m/v1/extra")).isEmpty();
        assertThat(ModelsKeys.versionOf("m", "mm/v1")).isEmpty();
        assertThat(ModelsKeys.versionOf("m", null)).isEmpty();
    }

    @Test
    void readsWhatEachKeyPromises() {
        ModelVersionEvent v1 = published("m", 1);
        ModelVersionEvent active = activated("m", 1, 0);

        assertThat(records.read("m/v1", json(v1))).isEqualTo(new ModelsEntry.Published(v1));
        assertThat(records.read("m/v1", null)).isEqualTo(new ModelsEntry.Retired(1));
        assertThat(records.read("m/active", json(active))).isEqualTo(new ModelsEntry.Activated(active));
        assertThat(records.read("m2/v1", json(published("m2", 1)))).isInstanceOf(ModelsEntry.Unrelated.class);
        assertThat(records.read("m2/active", json(activated("m2", 1, 0)))).isInstanceOf(ModelsEntry.Unrelated.class);
        assertThat(records.read(null, "{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(ModelsEntry.Unrelated.class);
    }

    @Test
    void theReindexTargetSurvivesTheRoundTrip() {
        ModelVersionEvent v1 = published("m", 1);
        ModelsEntry read = records.read("m/v1", json(v1));

        assertThat(((ModelsEntry.Published) read).event().reindexTarget()).isEqualTo(v1.reindexTarget());
        assertThat(v1.reindexTarget().records()).isEqualTo(15);
    }

    @Test
    void recordsThatDoNotSayWhatTheirKeyPromisesAreMalformed() {
        assertThat(records.read("m/v1", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/v2", "{\"type\":\"PUBLISHED\"}".getBytes(StandardCharsets.UTF_8)))
                .as("fails the schema").isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/v2", json(activated("m", 2, 1)))).as("ACTIVATED on a version key")
                .isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/v2", json(published("m", 3)))).as("key and value disagree on the version")
                .isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/v2", json(published("other", 2)))).as("value of another model")
                .isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/v99999999999", null)).as("version out of range")
                .isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/active", json(published("m", 2)))).as("PUBLISHED on the active key")
                .isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/active", json(activated("other", 2, 1)))).as("activation of another model")
                .isInstanceOf(ModelsEntry.Malformed.class);
        assertThat(records.read("m/active", null)).as("tombstone on the active key")
                .isInstanceOf(ModelsEntry.Malformed.class);
    }
}
