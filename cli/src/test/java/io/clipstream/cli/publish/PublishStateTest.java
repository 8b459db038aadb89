package io.clipstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishStateTest {

    static final String H1 = "a".repeat(64);
    static final String H2 = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void whatWasAppendedIsPublishedAfterReopening() throws IOException {
        Path file = dir.resolve("state");
        Path image = dir.resolve("x.jpg");
        try (PublishState state = PublishState.open(file, true)) {
            assertThat(state.contains("t", "id1", H1, image)).isFalse();
            state.append("t", "id1", H1, image);
        }
        try (PublishState state = PublishState.open(file, true)) {
            assertThat(state.contains("t", "id1", H1, image)).isTrue();
            // Changed content, another id, another topic or another file: not the same publication.
            assertThat(state.contains("t", "id1", H2, image)).isFalse();
            assertThat(state.contains("t", "id2", H1, image)).isFalse();
            assertThat(state.contains("u", "id1", H1, image)).isFalse();
            assertThat(state.contains("t", "id1", H1, dir.resolve("y.jpg"))).isFalse();
        }
        assertThat(Files.readAllLines(file)).first().isEqualTo(PublishState.HEADER);
    }

    @Test
    void withoutReadingNothingCountsAsPublishedButTheFileGrows() throws IOException {
        Path file = dir.resolve("state");
        Path image = dir.resolve("x.jpg");
        try (PublishState state = PublishState.open(file, true)) {
            state.append("t", "id1", H1, image);
        }
        try (PublishState state = PublishState.open(file, false)) {
            assertThat(state.contains("t", "id1", H1, image)).isFalse();
            state.append("t", "id2", H2, image);
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextEntryStartsOnItsOwnLine() throws IOException {
        Path file = dir.resolve("state");
        Path image = dir.resolve("x.jpg");
        try (PublishState state = PublishState.open(file, true)) {
            state.append("t", "id1", H1, image);
        }
        // A crash in the middle of writing the second line.
        Files.writeString(file, "t\tid2\tbbbb", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (PublishState state = PublishState.open(file, true)) {
            assertThat(state.contains("t", "id1", H1, image)).isTrue();
            assertThat(state.contains("t", "id2", H2, image)).isFalse();
            state.append("t", "id2", H2, image);
        }
        try (PublishState state = PublishState.open(file, true)) {
            assertThat(state.contains("t", "id2", H2, image)).isTrue();
        }
        assertThat(Files.readAllLines(file)).hasSize(4).element(2).isEqualTo("t\tid2\tbbbb");
    }

    @Test
    void linesNeedFourFieldsAndAHexHash() {
        assertThat(PublishState.isEntry("t\tid\t" + H1 + "\t/x.jpg")).isTrue();
        assertThat(PublishState.isEntry("t\tid\t" + H1)).isFalse();
        assertThat(PublishState.isEntry("t\tid\tnothex\t/x.jpg")).isFalse();
        assertThat(PublishState.isEntry("# comment")).isFalse();
    }
}
