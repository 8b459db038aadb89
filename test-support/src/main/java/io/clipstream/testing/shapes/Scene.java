package io.clipstream.testing.shapes;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One picture of the trained tiny CLIP's world (models/trained-tiny/world.py): {@code count} {@code size}
 * {@code pattern}ed {@code colour} {@code shape}s on a {@code background}. Everything else (positions, rotation,
 * colour jitter, texture) comes from the seed {@link SceneRenderer} is given.
 */
public record Scene(String colour, String shape, String pattern, int count, String size, String background) {

    public static final List<String> COLOURS = List.of("red", "orange", "yellow", "green", "blue", "purple", "pink");
    public static final List<String> SHAPES = List.of("circle", "square", "triangle", "star", "hexagon", "cross");
    public static final List<String> PATTERNS = List.of("plain", "striped", "dotted", "checkered");
    public static final List<Integer> COUNTS = List.of(1, 2, 3);
    public static final List<String> SIZES = List.of("small", "large");
    public static final List<String> BACKGROUNDS = List.of("grass", "sand", "snow", "sky", "night");

    /** world.py's canonical background phrase (its BACKGROUND_PHRASES' first entry). */
    private static final Map<String, String> BACKGROUND_PHRASES = Map.of("grass", "on grass", "sand", "on sand",
            "snow", "on snow", "sky", "in the sky", "night", "at night");
    private static final Map<Integer, String> COUNT_WORDS = Map.of(1, "one", 2, "two", 3, "three");

    public Scene {
        check("colour", COLOURS, colour);
        check("shape", SHAPES, shape);
        check("pattern", PATTERNS, pattern);
        check("count", COUNTS, count);
        check("size", SIZES, size);
        check("background", BACKGROUNDS, background);
    }

    /** Every attribute drawn uniformly, as world.py's random_scene draws them (held-out pairs included). */
    public static Scene random(Random random) {
        return new Scene(pick(COLOURS, random), pick(SHAPES, random), pick(PATTERNS, random), pick(COUNTS, random),
                pick(SIZES, random), pick(BACKGROUNDS, random));
    }

    /** "a photo of two large striped red circles on grass", world.py's canonical caption. */
    public String caption() {
        return "a photo of " + COUNT_WORDS.get(count) + " " + size + " " + pattern + " " + colour + " "
                + noun(shape, count) + " " + backgroundPhrase(background);
    }

    public static String backgroundPhrase(String background) {
        return BACKGROUND_PHRASES.get(background);
    }

    /** "circle" or "circles"; "crosses" for more than one cross. */
    public static String noun(String shape, int count) {
        if (count == 1) {
            return shape;
        }
        return shape.endsWith("s") ? shape + "es" : shape + "s";
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> void check(String attribute, List<T> values, T value) {
        if (!values.contains(value)) {
            throw new IllegalArgumentException(attribute + " must be one of " + values + ", got " + value);
        }
    }
}
