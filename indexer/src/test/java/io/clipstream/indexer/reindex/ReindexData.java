package io.clipstream.indexer.reindex;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.events.VectorEncoding;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.model.vector.Vectors;
import io.clipstream.store.CollectionSpec;
import io.clipstream.versions.ModelsKeys;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/** Embeddings, adapters and models-topic records for reindex tests. */
public final class ReindexData {

    private ReindexData() {
    }

    /** A residual adapter far from the identity, so that a projector that skips it cannot pass. */
    public static ResidualAdapter randomAdapter(int dims, long seed) {
        Random random = new Random(seed);
        float[] weight = new float[dims * dims];
        float[] bias = new float[dims];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) (random.nextGaussian() * 0.5);
        }
        for (int i = 0; i < dims; i++) {
            bias[i] = (float) (random.nextGaussian() * 0.1);
        }
        return new ResidualAdapter(dims, weight, bias, 1.0f);
    }

    public static float[] unitVector(int dims, long seed) {
        Random random = new Random(seed);
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalizeInPlace(v);
    }

    /** The value of an embeddings-log record, as the encode stage writes it. */
    public static byte[] embedding(String imageId, String modelId, float[] vector) {
        return embedding(imageId, modelId, vector, "https://example.org/" + imageId + ".jpg");
    }

    /** An embeddings-log value with the image's url. */
    public static byte[] embedding(String imageId, String modelId, float[] vector, String url) {
        Instant now = Instant.now();
        ImageEmbedded header = new ImageEmbedded(imageId, modelId, vector.length, VectorEncoding.F32LE, url,
                "image/jpeg", 64, 48, Map.of("test", "reindex"), now, now);
        return new EmbeddingMessage(header, vector).encode();
    }

    /** The PUBLISHED record the trainer writes for {@code version}, to be sent on {@link #publishedKey}. */
    public static byte[] published(String modelId, int version) {
        ModelVersionEvent event = new ModelVersionEvent(ModelVersionEvent.Type.PUBLISHED, modelId, version,
                CollectionSpec.nameFor(modelId, version), null, Instant.now());
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String publishedKey(String modelId, int version) {
        return ModelsKeys.version(modelId, version);
    }

    /** Largest absolute difference between two vectors of one size. */
    public static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
