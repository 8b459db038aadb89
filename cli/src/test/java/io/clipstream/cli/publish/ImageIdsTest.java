package io.clipstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageIdsTest {

    @Test
    void contentIdsAreTheSha256OfTheBytes() {
        String abc = ImageIds.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(abc).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ImageIds.of(IdSource.CONTENT, "", abc, "x/y.jpg")).isEqualTo(abc);
        assertThat(ImageIds.of(IdSource.CONTENT, "img-", abc, "x/y.jpg")).isEqualTo("img-" + abc);
    }

    @Test
    void pathIdsAreTheRelativePath() {
        assertThat(ImageIds.of(IdSource.PATH, "", "ignored", "a/b/c.png")).isEqualTo("a/b/c.png");
        assertThat(ImageIds.of(IdSource.PATH, "holiday/", "ignored", "c.png")).isEqualTo("holiday/c.png");
    }
}
