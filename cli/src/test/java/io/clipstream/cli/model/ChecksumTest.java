package io.clipstream.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {

    @TempDir
    Path dir;

    @Test
    void gitBlobIdsAreSha1OverTheBlobHeaderAndContent() throws IOException {
        // `echo hello | git hash-object --stdin`
        Path hello = Files.writeString(dir.resolve("hello"), "hello\n");
        Checksum expected = Checksum.expected(new HubFile("hello", 6, "ce013625030ba8dba906f756967f9e9ca394464a", null),
                null);

        assertThat(expected.algorithm()).isEqualTo(Checksum.GIT_BLOB_SHA1);
        assertThat(expected.actual(hello)).isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
        assertThat(expected.matches(hello)).isTrue();
    }

    @Test
    void sha256ComesFromThePinFirstThenTheLfsOid() throws IOException {
        Path abc = Files.writeString(dir.resolve("abc"), "abc");
        String sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        HubFile lfs = new HubFile("abc", 3, "0".repeat(40), sha);

        assertThat(Checksum.expected(lfs, null).source()).isEqualTo("hub LFS oid");
        assertThat(Checksum.expected(lfs, null).matches(abc)).isTrue();
        Checksum pinned = Checksum.expected(lfs, "f".repeat(64));
        assertThat(pinned.source()).isEqualTo("catalogue pin");
        assertThat(pinned.matches(abc)).isFalse();
    }

    @Test
    void aWrongSizeNeverMatches() throws IOException {
        Path abc = Files.writeString(dir.resolve("abc"), "abc");
        Checksum c = new Checksum(Checksum.SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                4, "test");

        assertThat(c.matches(abc)).isFalse();
    }

    @Test
    void aFileWithoutAnyIdCannotBeVerified() {
        assertThatThrownBy(() -> Checksum.expected(new HubFile("x", 1, null, null), null))
                .hasMessageContaining("no checksum for x");
    }
}
