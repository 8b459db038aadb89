package io.clipstream.trainer.data;

import ai.onnxruntime.OrtException;
import io.clipstream.model.ClipModel;
import java.util.List;

/** Base text-tower embeddings of the distinct query texts of a run, in batches the encoder handles well. */
public final class QueryTextEmbedder {

    private static final int BATCH = 32;

    private final ClipModel model;

    public QueryTextEmbedder(ClipModel model) {
        this.model = model;
    }

    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += BATCH) {
            List<String> batch = texts.subList(start, Math.min(texts.size(), start + BATCH));
            float[][] vectors;
            try {
                vectors = model.embedTexts(batch);
            } catch (OrtException e) {
                throw new IllegalStateException("the text encoder failed on a batch of " + batch.size()
                        + " queries: " + e.getMessage(), e);
            }
            System.arraycopy(vectors, 0, out, start, vectors.length);
        }
        return out;
    }
}
