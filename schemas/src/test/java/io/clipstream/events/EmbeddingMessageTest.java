package io.clipstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingMessageTest {

    private static final Instant T = Instant.parse("2026-11-27T10:15:30Z");

    @Test
    void float32RoundTripIsExactAndCompact() {
        float[] vector = randomUnitVector(512, 1);
        EmbeddingMessage message = new EmbeddingMessage(header(512, VectorEncoding.F32LE), vector);

        byte[] bytes = message.encode();
        EmbeddingMessage back = EmbeddingMessage.decode(bytes);

        assertThat(back.header()).isEqualTo(message.header());
        assertThat(back.vector()).containsExactly(vector);
        assertThat(bytes.length).isLessThan(512 * 4 + 400);
    }

    @Test
    void float16RoundTripIsWithinHalfPrecision() {
        float[] vector = randomUnitVector(64, 2);
        byte[] bytes = new EmbeddingMessage(header(64, VectorEncoding.F16LE), vector).encode();

        float[] back = EmbeddingMessage.decode(bytes).vector();

        for (int i = 0; i < vector.length; i++) {
            assertThat(back[i]).isCloseTo(vector[i], within(Math.abs(vector[i]) / 1024f + 1e-7f));
        }
    }

    @Test
    void layoutIsTheDocumentedOne() {
        byte[] bytes = new EmbeddingMessage(header(2, VectorEncoding.F32LE), new float[] {0.5f, -1f}).encode();
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(new String(bytes, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("CSE");
        assertThat(bytes[3]).isEqualTo((byte) 1);
        int headerLength = in.getInt(4);
        String json = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
        assertThat(json).contains("\"vectorEncoding\":\"f32le\"").contains("\"imageId\":\"img\"");
        assertThat(in.getFloat(8 + headerLength)).isEqualTo(0.5f);
        assertThat(in.getFloat(12 + headerLength)).isEqualTo(-1f);
        assertThat(bytes).hasSize(8 + headerLength + 8);
    }

    @Test
    void malformedValuesAreRefusedWithTheReason() {
        byte[] good = new EmbeddingMessage(header(4, VectorEncoding.F32LE), new float[4]).encode();

        assertThatThrownBy(() -> EmbeddingMessage.decode(new byte[3])).hasMessageContaining("shorter");
        assertThatThrownBy(() -> EmbeddingMessage.decode("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> EmbeddingMessage.decode(Arrays.copyOf(good, good.length - 1)))
                .hasMessageContaining("vector bytes");
        byte[] wrongVersion = good.clone();
        wrongVersion[3] = 9;
        assertThatThrownBy(() -> EmbeddingMessage.decode(wrongVersion)).hasMessageContaining("version 9");
        byte[] hugeHeader = good.clone();
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(4, Integer.MAX_VALUE);
        assertThatThrownBy(() -> EmbeddingMessage.decode(hugeHeader)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> new EmbeddingMessage(header(3, VectorEncoding.F32LE), new float[4]))
                .hasMessageContaining("3 dims");
    }

    @Test
    void headerValidatesAgainstTheSchema() {
        ImageEmbedded header = header(8, VectorEncoding.F32LE);

        assertThat(EventSchemas.get().validate(EventSchemas.IMAGE_EMBEDDED, EventJson.mapper().valueToTree(header)))
                .isEmpty();
    }

    private static ImageEmbedded header(int dims, VectorEncoding encoding) {
        return new ImageEmbedded("img", "tiny-clip", dims, encoding, null, "image/png", 10, 20,
                Map.of("album", "pets"), T, T);
    }

    private static float[] randomUnitVector(int dims, long seed) {
        Random random = new Random(seed);
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dims; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
