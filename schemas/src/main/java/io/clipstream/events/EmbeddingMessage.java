package io.clipstream.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The binary value of an images.embeddings record: magic "CSE", version 1, a little-endian u32 header
 * length, the {@link ImageEmbedded} JSON header, then the vector as little-endian float32 or float16.
 * Binary because this topic is the hot path: a 512-d float32 vector is 2 KiB here and ~9 KiB as JSON.
 */
public record EmbeddingMessage(ImageEmbedded header, float[] vector) {

    public static final byte FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'C', 'S', 'E', FORMAT_VERSION};
    private static final int PREFIX_BYTES = MAGIC.length + Integer.BYTES;
    private static final int MAX_HEADER_BYTES = 1 << 20;

    public EmbeddingMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(vector, "vector");
        if (header.dims() != vector.length) {
            throw new IllegalArgumentException(
                    "header says " + header.dims() + " dims but the vector has " + vector.length);
        }
        Objects.requireNonNull(header.vectorEncoding(), "header.vectorEncoding");
    }

    public byte[] encode() {
        byte[] json;
        try {
            json = EventJson.mapper().writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding header for " + header.imageId(), e);
        }
        VectorEncoding encoding = header.vectorEncoding();
        ByteBuffer out = ByteBuffer.allocate(PREFIX_BYTES + json.length + vector.length * encoding.bytesPerComponent())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(json.length).put(json);
        if (encoding == VectorEncoding.F32LE) {
            out.asFloatBuffer().put(vector);
        } else {
            for (float v : vector) {
                out.putShort(Float.floatToFloat16(v));
            }
        }
        return out.array();
    }

    /** Parses a record value; any structural problem is an {@link IllegalArgumentException} naming it. */
    public static EmbeddingMessage decode(byte[] value) {
        if (value == null || value.length < PREFIX_BYTES) {
            throw new IllegalArgumentException("embedding value is shorter than its " + PREFIX_BYTES + "-byte prefix");
        }
        if (!Arrays.equals(value, 0, 3, MAGIC, 0, 3)) {
            throw new IllegalArgumentException("embedding value does not start with the magic 'CSE'");
        }
        if (value[3] != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported embedding format version " + value[3]);
        }
        ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = in.getInt(MAGIC.length);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > value.length) {
            throw new IllegalArgumentException("embedding header length " + headerLength + " is out of bounds");
        }
        ImageEmbedded header;
        try {
            header = EventJson.mapper().readValue(value, PREFIX_BYTES, headerLength, ImageEmbedded.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("embedding header is not valid JSON: " + e.getMessage(), e);
        }
        if (header.vectorEncoding() == null || header.dims() <= 0) {
            throw new IllegalArgumentException("embedding header lacks vectorEncoding or a positive dims");
        }
        int vectorStart = PREFIX_BYTES + headerLength;
        int expected = header.dims() * header.vectorEncoding().bytesPerComponent();
        if (value.length - vectorStart != expected) {
            throw new IllegalArgumentException("embedding of " + header.dims() + " dims needs " + expected
                    + " vector bytes, found " + (value.length - vectorStart));
        }
        float[] vector = new float[header.dims()];
        in.position(vectorStart);
        if (header.vectorEncoding() == VectorEncoding.F32LE) {
            in.asFloatBuffer().get(vector);
        } else {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = Float.float16ToFloat(in.getShort());
            }
        }
        return new EmbeddingMessage(header, vector);
    }
}
