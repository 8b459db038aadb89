package io.clipstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTypesTest {

    @TempDir
    Path dir;

    static byte[] bytes(int... values) {
        byte[] b = new byte[Math.max(values.length, 32)];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void imagesAreRecognisedByTheirBytesWhateverTheirName() {
        Path misnamed = dir.resolve("photo.txt");
        assertThat(ContentTypes.detect(misnamed, bytes(0xFF, 0xD8, 0xFF, 0xE0)))
                .isEqualTo(new ContentTypes.Image("image/jpeg"));
        assertThat(ContentTypes.detect(misnamed, bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')))
                .isEqualTo(new ContentTypes.Image("image/png"));
        assertThat(ContentTypes.detect(misnamed, "GIF89a-and-more-bytes-here-to-pad".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new ContentTypes.Image("image/gif"));
        assertThat(ContentTypes.detect(misnamed, "RIFF\0\0\0\0WEBPVP8 padding-padding".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new ContentTypes.Image("image/webp"));
    }

    @Test
    void textNamedLikeAnImageIsNotAnImage() {
        ContentTypes.Detection d = ContentTypes.detect(dir.resolve("fake.jpg"),
                "this is not a jpeg at all".getBytes(StandardCharsets.US_ASCII));

        // The name may make the platform guess image/jpeg, but the bytes decide.
        assertThat(d).isInstanceOf(ContentTypes.NotPublishable.class);
        assertThat(((ContentTypes.NotPublishable) d).reason()).isEqualTo(SkipReason.NOT_AN_IMAGE);
    }

    @Test
    void plainTextIsNotAnImage() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");

        ContentTypes.Detection d = ContentTypes.detect(notes, Files.readAllBytes(notes));

        assertThat(d).isInstanceOf(ContentTypes.NotPublishable.class);
        assertThat(((ContentTypes.NotPublishable) d).reason()).isEqualTo(SkipReason.NOT_AN_IMAGE);
        assertThat(((ContentTypes.NotPublishable) d).detail()).contains("no image signature");
    }

    @Test
    void imagesTheIndexerCannotDecodeAreToldApart() throws IOException {
        Path tiff = Files.write(dir.resolve("scan.tiff"), bytes('I', 'I', 42, 0, 8, 0, 0, 0));
        Assumptions.assumeTrue("image/tiff".equals(Files.probeContentType(tiff)),
                "this platform does not map .tiff to image/tiff");

        ContentTypes.Detection d = ContentTypes.detect(tiff, Files.readAllBytes(tiff));

        assertThat(d).isEqualTo(new ContentTypes.NotPublishable(SkipReason.UNSUPPORTED_IMAGE,
                "image/tiff (the indexer decodes JPEG, PNG, GIF, WebP and BMP)"));
    }
}
