package io.clipstream.testing.shapes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A search in the words the tiny CLIP was trained on ("a red star", "two blue squares", "a small pink hexagon on
 * snow"): the attributes it names must match, the others are free. A null attribute is not named.
 */
public record KnownQuery(String text, String colour, String shape, String size, Integer count, String background) {

    private static final Map<Integer, String> COUNT_WORDS = Map.of(1, "one", 2, "two", 3, "three");

    public boolean matches(Scene scene) {
        return scene.colour().equals(colour) && scene.shape().equals(shape)
                && (size == null || scene.size().equals(size))
                && (count == null || scene.count() == count)
                && (background == null || scene.background().equals(background));
    }

    /**
     * {@code n} distinct queries, each a colour and a shape with, in turn, nothing more, a background, a size or a
     * count; none of them names {@code avoid}'s background, so none describes the coined concept's pictures.
     */
    public static List<KnownQuery> sample(int n, CoinedConcept avoid, Random random) {
        if (n > 200) {
            throw new IllegalArgumentException("at most 200 distinct known queries, asked for " + n);
        }
        Map<String, KnownQuery> queries = new LinkedHashMap<>();
        while (queries.size() < n) {
            Scene s = Scene.random(random);
            if (s.background().equals(avoid.background())) {
                continue;
            }
            KnownQuery query = switch (queries.size() % 4) {
                case 0 -> of(s.colour(), s.shape(), null, null, null);
                case 1 -> of(s.colour(), s.shape(), null, null, s.background());
                case 2 -> of(s.colour(), s.shape(), s.size(), null, null);
                default -> of(s.colour(), s.shape(), null, s.count(), null);
            };
            queries.putIfAbsent(query.text(), query);
        }
        return new ArrayList<>(queries.values());
    }

    /** The query that names the given attributes (nulls left out), in the world's canonical words. */
    public static KnownQuery of(String colour, String shape, String size, Integer count, String background) {
        int n = count == null ? 1 : count;
        String article = count == null ? (startsWithVowel(size != null ? size : colour) ? "an" : "a")
                : COUNT_WORDS.get(count);
        StringBuilder text = new StringBuilder(article);
        if (size != null) {
            text.append(' ').append(size);
        }
        text.append(' ').append(colour).append(' ').append(Scene.noun(shape, n));
        if (background != null) {
            text.append(' ').append(Scene.backgroundPhrase(background));
        }
        return new KnownQuery(text.toString(), colour, shape, size, count, background);
    }

    private static boolean startsWithVowel(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0;
    }
}
