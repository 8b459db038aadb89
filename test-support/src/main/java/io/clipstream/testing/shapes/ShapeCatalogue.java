package io.clipstream.testing.shapes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A catalogue of pictures of the world: scenes drawn uniformly from every attribute combination, and pictures of a
 * coined concept planted among them (a concept as rare as one combination in seventy would get almost no clicks).
 * Ids say nothing of the content; {@link #scene} is the hidden truth.
 */
public final class ShapeCatalogue {

    /** Pictures are drawn at this size; the model's preprocessing scales them down, as it does users' files. */
    public static final int PICTURE_SIZE = 128;

    /** One picture: its id, what it shows and the seed of everything else. */
    public record Picture(String id, Scene scene, long seed) {
    }

    private final Map<String, Picture> pictures;

    private ShapeCatalogue(Map<String, Picture> pictures) {
        this.pictures = pictures;
    }

    /** {@code random} uniform scenes and {@code planted} members of {@code concept}, shuffled; same seed, same set. */
    public static ShapeCatalogue of(int random, CoinedConcept concept, int planted, long seed) {
        Random rng = new Random(seed);
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; i < random; i++) {
            scenes.add(Scene.random(rng));
        }
        for (int i = 0; i < planted; i++) {
            scenes.add(concept.randomMember(rng));
        }
        Collections.shuffle(scenes, rng);
        Map<String, Picture> pictures = new LinkedHashMap<>();
        for (int i = 0; i < scenes.size(); i++) {
            String id = String.format("pic-%d-%04d", seed, i);
            pictures.put(id, new Picture(id, scenes.get(i), seed * 1_000_003L + i));
        }
        return new ShapeCatalogue(pictures);
    }

    public List<Picture> pictures() {
        return List.copyOf(pictures.values());
    }

    public List<String> ids() {
        return List.copyOf(pictures.keySet());
    }

    public Scene scene(String id) {
        Picture picture = pictures.get(id);
        if (picture == null) {
            throw new IllegalArgumentException("no picture " + id);
        }
        return picture.scene();
    }

    /** The ids of the pictures whose scene satisfies {@code relevant}. */
    public List<String> matching(Predicate<Scene> relevant) {
        return pictures.values().stream().filter(p -> relevant.test(p.scene())).map(Picture::id).toList();
    }

    public int size() {
        return pictures.size();
    }
}
