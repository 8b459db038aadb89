package io.clipstream.trainer.planted;

import ai.onnxruntime.OrtException;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.shapes.SceneRenderer;
import io.clipstream.testing.users.FirstDayWorld;
import io.clipstream.trainer.compute.ParallelRanges;
import io.clipstream.trainer.eval.EvalQuery;
import io.clipstream.trainer.eval.ResidualSpace;
import io.clipstream.trainer.eval.RetrievalEvaluator;
import io.clipstream.trainer.eval.RetrievalMetrics;
import io.clipstream.trainer.eval.VectorTable;
import io.clipstream.trainer.job.QueryEmbedder;
import io.clipstream.trainer.learn.TrainedAdapters;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The first day ({@link FirstDayWorld}) on the trained tiny CLIP (models/trained-tiny/clip-hf) through the Java path
 * the indexer takes (preprocessing, ONNX Runtime), its text tower as the training job's query embedder, and
 * evaluation of relevance sets over the whole catalogue with or without adapters.
 */
final class FirstDayModel implements AutoCloseable {

    final FirstDayWorld world;
    private final ClipModel model;

    private FirstDayModel(ClipModel model, long catalogueSeed) throws Exception {
        this.model = model;
        this.world = FirstDayWorld.embed(catalogueSeed, this::encode, model::embedTexts, "trained-tiny-clip");
    }

    static FirstDayModel open(long catalogueSeed) throws Exception {
        ClipModel model = ClipModel.open(RepoPaths.trainedTinyModel(), ModelOptions.both(ExecutionSettings.cpu(2)));
        try {
            return new FirstDayModel(model, catalogueSeed);
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
    }

    private float[][] encode(List<BufferedImage> pictures) throws OrtException {
        ImagePreprocessor preprocessor = model.preprocessor();
        ImageEncoder encoder = model.vision();
        float[] pixels = new float[pictures.size() * encoder.imageSize()];
        for (int k = 0; k < pictures.size(); k++) {
            BufferedImage picture = pictures.get(k);
            preprocessor.preprocessInto(new RgbImage(picture.getWidth(), picture.getHeight(),
                    SceneRenderer.rgb(picture)), pixels, k * encoder.imageSize());
        }
        return encoder.encode(pixels, pictures.size());
    }

    /** The base text tower, as the training service calls it. */
    QueryEmbedder textEmbedder() {
        return texts -> {
            try {
                return model.embedTexts(texts);
            } catch (OrtException e) {
                throw new IllegalStateException("the trained tiny model failed to embed " + texts.size() + " texts", e);
            }
        };
    }

    static List<EvalQuery> queries(Map<String, List<String>> relevance) {
        List<EvalQuery> queries = new ArrayList<>();
        relevance.forEach((text, ids) -> {
            Map<String, Double> gains = new LinkedHashMap<>();
            ids.forEach(id -> gains.put(id, 1.0));
            queries.add(new EvalQuery(text, gains));
        });
        return queries;
    }

    /** {@code queries} over the whole catalogue with {@code adapters} at their scale (null: the base model). */
    RetrievalMetrics evaluate(List<EvalQuery> queries, TrainedAdapters adapters) {
        List<String> texts = queries.stream().map(EvalQuery::text).toList();
        List<float[]> textVectors = List.of(textEmbedder().embed(texts));
        List<String> ids = List.copyOf(new TreeSet<>(world.images().keySet()));
        List<float[]> imageVectors = ids.stream().map(world.images()::get).toList();
        try (ParallelRanges parallel = new ParallelRanges(2)) {
            RetrievalEvaluator evaluator = new RetrievalEvaluator(parallel);
            if (adapters == null) {
                return evaluator.evaluate(queries, VectorTable.of(zip(texts, textVectors)),
                        VectorTable.of(zip(ids, imageVectors)));
            }
            double scale = adapters.text().scale();
            return evaluator.evaluate(queries, ResidualSpace.of(texts, textVectors, adapters.text(), parallel).at(scale),
                    ResidualSpace.of(ids, imageVectors, adapters.image(), parallel).at(scale));
        }
    }

    private static Map<String, float[]> zip(List<String> ids, List<float[]> vectors) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), vectors.get(i));
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
