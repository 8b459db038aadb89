package io.clipstream.query.cutoff;

import java.util.Locale;

/**
 * What a search asks of the relevance cut-off: nothing, the calibration's own choice, or a probability.
 */
public sealed interface Cutoff {

    /** As the {@code cutoff} parameter spells it. */
    String spelled();

    record None() implements Cutoff {
        @Override
        public String spelled() {
            return "none";
        }
    }

    record Auto() implements Cutoff {
        @Override
        public String spelled() {
            return "auto";
        }
    }

    /** Keep the hits whose P(relevant) is at least {@code probability}, in [0, 1]. */
    record At(double probability) implements Cutoff {
        @Override
        public String spelled() {
            return String.format(Locale.ROOT, "%s", probability);
        }
    }

    /**
     * {@code none}, {@code auto} or a probability in [0, 1] (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Cutoff parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "none":
                return new None();
            case "auto":
                return new Auto();
            default:
                break;
        }
        double p;
        try {
            p = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be 'auto', 'none' or a probability between 0 and 1, got '"
                    + value + "'");
        }
        if (!(p >= 0 && p <= 1) || !v.matches("[0-9.eE+-]+")) {
            throw new IllegalArgumentException("a probability must be between 0 and 1, got '" + value + "'");
        }
        return new At(p);
    }
}
