package io.clipstream.trainer.planted;

import io.clipstream.testing.planted.ConceptFamily;
import io.clipstream.testing.planted.PlantedImages;

import ai.onnxruntime.OrtException;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.testing.RepoPaths;
import io.clipstream.trainer.job.QueryEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalogue of planted-concept images and the phrasings of every concept, embedded with the real tiny CLIP model
 * (models/tiny/clip-hf: random weights, 16-d). Its base ranking knows nothing of the concepts beyond what random
 * features of colour and layout happen to carry, which is the point: the adapters must learn them from clicks.
 */
final class PlantedWorld implements AutoCloseable {

    private static final int BATCH = 32;

    final List<ConceptFamily> families;
    final Map<String, float[]> catalogue = new LinkedHashMap<>();
    final Map<String, ConceptFamily> familyOfImage = new LinkedHashMap<>();
    final Map<String, float[]> phrasingVectors = new LinkedHashMap<>();
    private final ClipModel model;

    private PlantedWorld(List<ConceptFamily> families, ClipModel model) {
        this.families = families;
        this.model = model;
    }

    static PlantedWorld create(List<ConceptFamily> families, int imagesPerFamily, long seed) throws OrtException {
        ClipModel model = ClipModel.open(RepoPaths.tinyModels().resolve("clip-hf"),
                ModelOptions.both(ExecutionSettings.cpu(2)));
        PlantedWorld world = new PlantedWorld(families, model);
        try {
            world.embedImages(imagesPerFamily, seed);
            List<String> phrasings = families.stream().flatMap(f -> f.phrasings().stream()).toList();
            float[][] vectors = model.embedTexts(phrasings);
            for (int i = 0; i < phrasings.size(); i++) {
                world.phrasingVectors.put(phrasings.get(i), vectors[i]);
            }
        } catch (OrtException | RuntimeException e) {
            model.close();
            throw e;
        }
        return world;
    }

    private void embedImages(int imagesPerFamily, long seed) throws OrtException {
        ImagePreprocessor preprocessor = model.preprocessor();
        ImageEncoder encoder = model.vision();
        List<String> ids = new ArrayList<>();
        List<ConceptFamily> owners = new ArrayList<>();
        for (ConceptFamily family : families) {
            for (int i = 0; i < imagesPerFamily; i++) {
                ids.add(family.name() + "-" + i);
                owners.add(family);
            }
        }
        float[] pixels = new float[BATCH * encoder.imageSize()];
        for (int start = 0; start < ids.size(); start += BATCH) {
            int count = Math.min(BATCH, ids.size() - start);
            for (int k = 0; k < count; k++) {
                RgbImage image = rgb(PlantedImages.draw(owners.get(start + k), seed * 1_000_003L + start + k));
                preprocessor.preprocessInto(image, pixels, k * encoder.imageSize());
            }
            float[][] vectors = encoder.encode(pixels, count);
            for (int k = 0; k < count; k++) {
                catalogue.put(ids.get(start + k), vectors[k]);
                familyOfImage.put(ids.get(start + k), owners.get(start + k));
            }
        }
    }

    /** The base text tower, as the training service would call it. */
    QueryEmbedder textEmbedder() {
        return texts -> {
            try {
                return model.embedTexts(texts);
            } catch (OrtException e) {
                throw new IllegalStateException("the tiny model failed to embed " + texts.size() + " texts", e);
            }
        };
    }

    @Override
    public void close() {
        model.close();
    }

    private static RgbImage rgb(java.awt.image.BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < pixels.length; i++) {
            rgb[3 * i] = (byte) (pixels[i] >> 16);
            rgb[3 * i + 1] = (byte) (pixels[i] >> 8);
            rgb[3 * i + 2] = (byte) pixels[i];
        }
        return new RgbImage(w, h, rgb);
    }
}
