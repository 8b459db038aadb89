package io.clipstream.query.search;

import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.query.embed.ImageEmbedder;
import io.clipstream.query.embed.TextEmbedder;
import io.clipstream.query.version.ActiveModel;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The query vector of a search in one model version's space: texts through the text embedder (cache and
 * micro-batcher) and the version's text adapter, uploads through the image encoder and the image adapter,
 * indexed images as stored (the projector applied the image adapter). A weighted query sums its terms' adapted
 * vectors with their weights and normalises the sum.
 */
final class QueryVectors {

    private final TextEmbedder texts;
    private final ImageEmbedder images;
    private final VectorStore store;

    QueryVectors(TextEmbedder texts, ImageEmbedder images, VectorStore store) {
        this.texts = texts;
        this.images = images;
        this.store = store;
    }

    float[] embed(SearchQuery query, ActiveModel model) throws InterruptedException {
        return switch (query) {
            case SearchQuery.Text text -> model.adapters().text().apply(texts.embed(text.text()));
            case SearchQuery.SimilarTo similar -> indexed(List.of(similar.imageId()), model, null)
                    .get(similar.imageId());
            case SearchQuery.Upload upload -> upload(upload, model, null);
            case SearchQuery.Weighted weighted -> combine(weighted, termVectors(weighted, model));
        };
    }

    /** Each term's adapted vector, in term order; all texts of the query go to the text embedder at once. */
    private List<float[]> termVectors(SearchQuery.Weighted query, ActiveModel model) throws InterruptedException {
        List<SearchQuery.Term> terms = query.terms();
        List<String> textsOfTerms = new ArrayList<>();
        List<String> imageIds = new ArrayList<>();
        Map<String, Integer> firstTermOfImage = new HashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            switch (terms.get(i).what()) {
                case SearchQuery.Text text -> textsOfTerms.add(text.text());
                case SearchQuery.SimilarTo similar -> {
                    imageIds.add(similar.imageId());
                    firstTermOfImage.putIfAbsent(similar.imageId(), i);
                }
                case SearchQuery.Upload upload -> {
                    // embedded below, in term order
                }
            }
        }
        List<float[]> baseTexts = textsOfTerms.isEmpty() ? List.of() : texts.embedAll(textsOfTerms);
        Map<String, float[]> stored = imageIds.isEmpty() ? Map.of() : indexed(imageIds, model, firstTermOfImage);
        List<float[]> vectors = new ArrayList<>(terms.size());
        int nextText = 0;
        for (int i = 0; i < terms.size(); i++) {
            vectors.add(switch (terms.get(i).what()) {
                case SearchQuery.Text text -> model.adapters().text().apply(baseTexts.get(nextText++));
                case SearchQuery.SimilarTo similar -> stored.get(similar.imageId());
                case SearchQuery.Upload upload -> upload(upload, model, i);
            });
        }
        return vectors;
    }

    /** The stored vectors of {@code ids}; one that is missing names its term (null for "more like this"). */
    private Map<String, float[]> indexed(List<String> ids, ActiveModel model, Map<String, Integer> termOf) {
        Map<String, float[]> found = new HashMap<>();
        for (VectorRecord record : store.get(model.collection(), List.copyOf(new LinkedHashSet<>(ids)))) {
            found.put(record.id(), record.vector());
        }
        for (String id : ids) {
            if (!found.containsKey(id)) {
                throw new ImageNotIndexedException(id, termOf == null ? null : termOf.get(id), "image " + id
                        + " is not in the index of " + model.baseModelId() + " v" + model.version());
            }
        }
        return found;
    }

    private float[] upload(SearchQuery.Upload upload, ActiveModel model, Integer term) throws InterruptedException {
        try {
            return model.adapters().image().apply(images.embed(upload.bytes()));
        } catch (ImageDecodeException e) {
            throw new InvalidImageException(e, term);
        }
    }

    /** The normalised weighted sum; terms that cancel out (such as {@code red -red}) have no direction. */
    static float[] combine(SearchQuery.Weighted query, List<float[]> vectors) {
        int dims = vectors.getFirst().length;
        double[] sum = new double[dims];
        double weights = 0;
        for (int t = 0; t < vectors.size(); t++) {
            double w = query.terms().get(t).weight();
            float[] v = vectors.get(t);
            weights += Math.abs(w);
            for (int i = 0; i < dims; i++) {
                sum[i] += w * v[i];
            }
        }
        double norm = 0;
        for (double x : sum) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (!(norm > QueryTerms.CANCEL_OUT * weights)) {
            throw new InvalidQueryException(query.syntax(), null, null, null, "the terms cancel out: their "
                    + "weighted sum has no direction to search in");
        }
        float[] out = new float[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = (float) (sum[i] / norm);
        }
        return out;
    }
}
