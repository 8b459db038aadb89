package io.clipstream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Search prompts of the query benchmark, all of the same shape ("a blurry photo of a red bicycle on a beach"),
 * so that every request costs the text encoder about the same. {@link #next} never repeats a prompt within a
 * run (what a cache cannot help with); {@link #zipf} draws from a small popular set (what it can).
 */
final class Prompts {

    private static final String[] STYLES = {"", "blurry ", "close-up ", "black and white ", "bright ", "dark ",
        "vintage ", "wide-angle ", "low-angle ", "aerial ", "grainy ", "sharp "};
    private static final String[] ADJECTIVES = {"red", "blue", "green", "yellow", "small", "large", "old", "young",
        "happy", "sleepy", "wet", "shiny", "broken", "striped", "wooden", "golden", "tiny", "fluffy", "rusty",
        "white", "black", "purple", "orange", "spotted", "curious"};
    private static final String[] SUBJECTS = {"cat", "dog", "bicycle", "car", "boat", "house", "tree", "bird",
        "horse", "child", "woman", "man", "train", "bridge", "mountain", "flower", "chair", "guitar", "cake",
        "lamp", "umbrella", "kite", "tractor", "owl", "fox", "teapot", "robot", "castle", "lighthouse", "tent",
        "bus", "motorbike", "parrot", "rabbit", "turtle", "sheep", "cow", "balloon", "clock", "bookshelf"};
    private static final String[] PLACES = {"on a beach", "in a forest", "in the snow", "at night", "in the rain",
        "in a kitchen", "on a street", "in a garden", "on a table", "in a field", "by a lake", "in a city",
        "on a mountain", "in the desert", "at sunset", "in a park", "under a bridge", "on a roof", "in a museum",
        "at a market", "in the fog", "on a farm", "near the sea", "in a library"};
    private static final long COUNT = (long) STYLES.length * ADJECTIVES.length * SUBJECTS.length * PLACES.length;
    /** Coprime with COUNT, so that i -> i * STRIDE mod COUNT visits every prompt once, neighbours far apart. */
    private static final long STRIDE = 104_729;
    /** The popular prompts come from the end of the sequence, which {@link #next} does not reach. */
    private static final long POPULAR_BASE = COUNT / 2;

    private long cursor;

    /** {@code n} prompts never handed out before by this instance. */
    synchronized List<String> next(int n) {
        if (cursor + n > POPULAR_BASE) {
            throw new IllegalStateException("only " + POPULAR_BASE + " distinct prompts");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prompt(cursor++));
        }
        return out;
    }

    /**
     * {@code n} draws from {@code distinct} popular prompts, the prompt of rank r drawn with weight 1/r^s (Zipf),
     * in a fixed order for a given seed.
     */
    static List<String> zipf(int n, int distinct, double s, long seed) {
        double[] cumulative = new double[distinct];
        double total = 0;
        for (int r = 0; r < distinct; r++) {
            total += 1 / Math.pow(r + 1, s);
            cumulative[r] = total;
        }
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            out.add(prompt(POPULAR_BASE + (rank < 0 ? -rank - 1 : rank)));
        }
        return out;
    }

    private static String prompt(long index) {
        long i = Math.floorMod(index * STRIDE, COUNT);
        String place = PLACES[(int) (i % PLACES.length)];
        i /= PLACES.length;
        String subject = SUBJECTS[(int) (i % SUBJECTS.length)];
        i /= SUBJECTS.length;
        String adjective = ADJECTIVES[(int) (i % ADJECTIVES.length)];
        i /= ADJECTIVES.length;
        String style = STYLES[(int) i];
        return "a " + style + "photo of a " + adjective + " " + subject + " " + place;
    }
}
