package io.clipstream.trainer.pairs;

import java.util.Locale;
import java.util.regex.Pattern;

/** The one normalisation of query texts, so that "Red  Square" and "red square" are the same training query. */
public final class QueryTexts {

    // Unicode white space (no-break spaces and line separators included), not only ASCII.
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private QueryTexts() {
    }

    /** Lower case (root locale), runs of white space as one space, none at either end; null stays null. */
    public static String normalise(String text) {
        if (text == null) {
            return null;
        }
        return WHITESPACE.matcher(text).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }
}
