package io.clipstream.testing.users;

import io.clipstream.testing.shapes.KnownQuery;
import io.clipstream.testing.shapes.SceneRenderer;
import io.clipstream.testing.shapes.ShapeCatalogue;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FirstDay} embedded by a model: the catalogue's pictures drawn and encoded, every search text's base vector,
 * the simulated users over them, and relevance from what each picture shows for evaluating over the whole catalogue.
 * The model comes in as two functions, so that tests and benchmarks plug in whatever runs it.
 */
public final class FirstDayWorld {

    /** Encodes pictures (each {@link ShapeCatalogue#PICTURE_SIZE} square) into base image vectors. */
    @FunctionalInterface
    public interface PictureEncoder {
        float[][] encode(List<BufferedImage> pictures) throws Exception;
    }

    /** Encodes texts into base text vectors. */
    @FunctionalInterface
    public interface TextEncoder {
        float[][] encode(List<String> texts) throws Exception;
    }

    private static final int BATCH = 32;

    private final ShapeCatalogue catalogue;
    private final SearchTraffic traffic = FirstDay.traffic();
    private final Map<String, float[]> images = new LinkedHashMap<>();
    private final SimulatedUsers users;

    private FirstDayWorld(ShapeCatalogue catalogue, PictureEncoder pictures, TextEncoder texts, String baseModelId)
            throws Exception {
        this.catalogue = catalogue;
        List<ShapeCatalogue.Picture> all = catalogue.pictures();
        for (int start = 0; start < all.size(); start += BATCH) {
            List<ShapeCatalogue.Picture> batch = all.subList(start, Math.min(all.size(), start + BATCH));
            float[][] vectors = pictures.encode(batch.stream().map(SceneRenderer::render).toList());
            for (int k = 0; k < batch.size(); k++) {
                images.put(batch.get(k).id(), vectors[k]);
            }
        }
        List<String> typed = traffic.texts();
        float[][] vectors = texts.encode(typed);
        Map<String, float[]> textVectors = new LinkedHashMap<>();
        for (int i = 0; i < typed.size(); i++) {
            textVectors.put(typed.get(i), vectors[i]);
        }
        users = new SimulatedUsers(catalogue, traffic, images, textVectors, FirstDay.LIBRARIES, baseModelId);
    }

    /** The catalogue of {@code catalogueSeed}, encoded. */
    public static FirstDayWorld embed(long catalogueSeed, PictureEncoder pictures, TextEncoder texts,
                                      String baseModelId) throws Exception {
        return new FirstDayWorld(FirstDay.catalogue(catalogueSeed), pictures, texts, baseModelId);
    }

    public ShapeCatalogue catalogue() {
        return catalogue;
    }

    public SearchTraffic traffic() {
        return traffic;
    }

    /** Base image vectors by picture id, in catalogue order. */
    public Map<String, float[]> images() {
        return images;
    }

    public SimulatedUsers users() {
        return users;
    }

    /** The coined word's phrasings and the pictures of the concept (all of the catalogue's). */
    public Map<String, List<String>> conceptRelevance() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String text : traffic.concept().phrasings()) {
            out.put(text, catalogue.matching(traffic.concept()::includes));
        }
        return out;
    }

    /** The known searches users type that day and the pictures each names (none matching: left out). */
    public Map<String, List<String>> knownRelevance() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (KnownQuery query : traffic.known()) {
            List<String> relevant = catalogue.matching(query::matches);
            if (!relevant.isEmpty()) {
                out.put(query.text(), relevant);
            }
        }
        return out;
    }

    /** {@link FirstDay#guardrail()} and the pictures each names; searches no picture matches are left out. */
    public Map<String, List<String>> guardrailRelevance() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (KnownQuery query : FirstDay.guardrail()) {
            List<String> relevant = catalogue.matching(query::matches);
            if (!relevant.isEmpty()) {
                out.put(query.text(), relevant);
            }
        }
        return out;
    }
}
