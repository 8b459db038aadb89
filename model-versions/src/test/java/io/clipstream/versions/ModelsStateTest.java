package io.clipstream.versions;

import static io.clipstream.versions.ModelsTestData.activated;
import static io.clipstream.versions.ModelsTestData.fold;
import static io.clipstream.versions.ModelsTestData.published;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsStateTest {

    @Test
    void tracksPublishedRetiredAndActiveVersionsOfItsModelOnly() {
        ModelsState state = fold("m", published("m", 1), published("m", 2), published("other", 7),
                activated("m", 2, 0), "m/v1", "other/v3", "garbage");

        assertThat(state.published().keySet()).containsExactly(2);
        assertThat(state.retired()).containsExactly(1);
        assertThat(state.activeVersion()).isEqualTo(2);
        assertThat(state.rollbackTarget()).hasValue(0);
        assertThat(state.highestVersion()).isEqualTo(2);
        assertThat(state.standing(0)).isEqualTo(ModelsState.Standing.BASE);
        assertThat(state.standing(1)).isEqualTo(ModelsState.Standing.RETIRED);
        assertThat(state.standing(2)).isEqualTo(ModelsState.Standing.PUBLISHED);
        assertThat(state.standing(7)).isEqualTo(ModelsState.Standing.UNKNOWN);
    }

    @Test
    void versionZeroIsActiveUntilSomethingIsActivatedAndTheLatestRecordOfAKeyWins() {
        ModelsState empty = ModelsState.empty("m");
        assertThat(empty.activeVersion()).isZero();
        assertThat(empty.rollbackTarget()).isEmpty();
        assertThat(empty.activation()).isEmpty();

        ModelsState retired = fold("m", published("m", 4), "m/v4");
        assertThat(retired.published()).isEmpty();
        assertThat(retired.highestVersion()).as("retired numbers are never reused").isEqualTo(4);

        ModelsState again = fold("m", published("m", 4), "m/v4", published("m", 4));
        assertThat(again.retired()).isEmpty();
        assertThat(again.published().keySet()).containsExactly(4);
    }

    @Test
    void aTombstoneOfAVersionNeverSeenPublishedStillRetiresIt() {
        // Compaction may have removed the PUBLISHED record already; its collection may still exist.
        assertThat(fold("m", "m/v4").retired()).containsExactly(4);
    }

    @Test
    void repeatedAndSkippedRecordsLeaveTheSameInstance() {
        ModelsState state = fold("m", published("m", 3), activated("m", 3, 0));
        ModelsRecords records = new ModelsRecords("m");

        assertThat(state.apply(new ModelsEntry.Published(published("m", 3)))).isSameAs(state);
        assertThat(state.apply(new ModelsEntry.Activated(activated("m", 3, 0)))).isSameAs(state);
        assertThat(state.apply(records.read("m/v3", "not json".getBytes()))).isSameAs(state);
        assertThat(state.apply(new ModelsEntry.Unrelated())).isSameAs(state);
        assertThat(state.apply(new ModelsEntry.Retired(3))).isNotSameAs(state);
    }

    @Test
    void retentionKeepsTheNewestTheActiveOneAndItsRollbackTarget() {
        ModelsState state = fold("m", published("m", 1), published("m", 2), published("m", 3), published("m", 4),
                published("m", 5), published("m", 6), activated("m", 2, 1));

        assertThat(VersionRetention.toRetire(state, 2)).isEqualTo(List.of(3, 4));
    }
}
