package io.clipstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScannerTest {

    @TempDir
    Path dir;

    @Test
    void walksFoldersRecursivelyInPathOrderWithRelativePaths() throws IOException {
        Path root = Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(root.resolve("b/c"));
        Files.writeString(root.resolve("b/c/z.jpg"), "z");
        Files.writeString(root.resolve("a.jpg"), "a");
        Files.writeString(root.resolve("b/y.jpg"), "y");
        Path state = Files.writeString(root.resolve(".clipstream-publish.state"), "");
        Path single = Files.writeString(dir.resolve("single.png"), "s");

        List<Candidate> found = FileScanner.scan(List.of(root, single), Set.of(state));

        assertThat(found).extracting(Candidate::relativePath)
                .containsExactly("a.jpg", "b/c/z.jpg", "b/y.jpg", "single.png");
        // A file below a folder given twice is listed once.
        assertThat(FileScanner.scan(List.of(root, root.resolve("a.jpg")), Set.of(state))).hasSize(3);
    }

    @Test
    void aFolderGivenThroughALinkIsWalkedAndLinksToFilesCount() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("a.jpg"), "a");
        Files.createSymbolicLink(real.resolve("dangling.jpg"), dir.resolve("nowhere.jpg"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(FileScanner.scan(List.of(link), Set.of())).extracting(Candidate::relativePath)
                .containsExactly("a.jpg", "dangling.jpg");
    }

    @Test
    void aMissingRootIsNamed() {
        assertThatThrownBy(() -> FileScanner.scan(List.of(dir.resolve("nope")), Set.of()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
    }
}
