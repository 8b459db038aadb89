package io.clipstream.query.search;

import io.clipstream.query.search.InvalidQueryException.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The search syntax of {@code GET /v1/search?q=} and the search box: {@code beach -people +sunset:0.5}.
 * <ul>
 * <li>A {@code +} or {@code -} at the start of a word, directly before a letter or a double quote, starts a
 *     signed term: one word ({@code -people}) or a quoted phrase ({@code -"people walking"}), optionally followed
 *     by {@code :weight} (a decimal number, {@code +sunset:0.5}; the sign gives the direction).</li>
 * <li>Everything else is plain text: consecutive plain words, with the white space between them as typed, form
 *     one term of weight 1. So {@code red circle}, {@code t-shirt}, {@code a - b}, {@code -5 degrees},
 *     {@code 10:30} or {@code "red circle"} without a sign mean what they meant before: one text prompt.</li>
 * </ul>
 * Positions count code points of {@code q} as given. Limits and weights are checked by {@link QueryTerms}.
 */
final class QuerySyntax {

    private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");
    /** Longer weights are typos or attacks; 24 characters hold any sensible decimal. */
    private static final int MAX_WEIGHT_CHARS = 24;
    private static final int MAX_QUOTED_CHARS = 40;

    private final int[] cp;
    private final int maxTerms;
    private final List<SearchQuery.Term> terms = new ArrayList<>();
    private int runStart = -1;
    private int runEnd = -1;

    private QuerySyntax(String q, int maxTerms) {
        this.cp = q.codePoints().toArray();
        this.maxTerms = maxTerms;
    }

    /** The terms of {@code q} in order; at most {@code maxTerms}, else the first term beyond is refused. */
    static List<SearchQuery.Term> parse(String q, int maxTerms) {
        return new QuerySyntax(q, maxTerms).terms();
    }

    private List<SearchQuery.Term> terms() {
        int i = 0;
        while (i < cp.length) {
            if (Character.isWhitespace(cp[i])) {
                i++;
            } else if (startsSignedTerm(i)) {
                endRun();
                i = signedTerm(i);
            } else {
                if (runStart < 0) {
                    runStart = i;
                }
                i = wordEnd(i);
                runEnd = i;
            }
        }
        endRun();
        return terms;
    }

    private boolean startsSignedTerm(int i) {
        return (cp[i] == '+' || cp[i] == '-') && i + 1 < cp.length
                && (Character.isLetter(cp[i + 1]) || cp[i + 1] == '"');
    }

    private int wordEnd(int i) {
        while (i < cp.length && !Character.isWhitespace(cp[i])) {
            i++;
        }
        return i;
    }

    private void endRun() {
        if (runStart >= 0) {
            add(text(runStart, runEnd), 1.0, runStart, runEnd);
            runStart = -1;
        }
    }

    /** Reads the signed term starting at {@code start}; returns where it ends. */
    private int signedTerm(int start) {
        double sign = cp[start] == '-' ? -1 : 1;
        int i = start + 1;
        String text;
        if (cp[i] == '"') {
            int close = indexOfQuote(i + 1);
            if (close < 0) {
                throw error(start, cp.length, Part.TEXT, "the quoted phrase in " + quote(start, cp.length)
                        + " has no closing quote");
            }
            text = text(i + 1, close).strip();
            i = close + 1;
        } else {
            while (i < cp.length && !Character.isWhitespace(cp[i]) && cp[i] != ':') {
                i++;
            }
            text = text(start + 1, i);
        }
        double weight = 1;
        if (i < cp.length && cp[i] == ':') {
            int end = wordEnd(i);
            weight = weight(start, i + 1, end);
            i = end;
        }
        if (i < cp.length && !Character.isWhitespace(cp[i])) {
            int end = wordEnd(i);
            throw error(start, end, Part.TEXT, "in " + quote(start, end) + " a quoted phrase must be followed by "
                    + "white space, a weight such as :0.5, or the end of the query");
        }
        if (text.isEmpty()) {
            throw error(start, i, Part.TEXT, "the term " + quote(start, i) + " is empty");
        }
        add(text, sign * weight, start, i);
        return i;
    }

    private double weight(int termStart, int from, int to) {
        String raw = text(from, to);
        if (raw.length() > MAX_WEIGHT_CHARS || !NUMBER.matcher(raw).matches()) {
            throw error(termStart, to, Part.WEIGHT, "the weight in " + quote(termStart, to) + " must be a decimal "
                    + "number such as 0.5 (the sign before the term gives the direction); quote the phrase to "
                    + "search for text with a colon: -\"re:zero\"");
        }
        return Double.parseDouble(raw);
    }

    private int indexOfQuote(int from) {
        for (int i = from; i < cp.length; i++) {
            if (cp[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private void add(String text, double weight, int from, int to) {
        SearchQuery.Span span = new SearchQuery.Span(from, to - from);
        if (terms.size() >= maxTerms) {
            throw new InvalidQueryException(true, terms.size(), span, null, "a query takes at most " + maxTerms
                    + " terms; " + quote(from, to) + " would be term " + (terms.size() + 1));
        }
        terms.add(new SearchQuery.Term(new SearchQuery.Text(text), weight, span));
    }

    private InvalidQueryException error(int from, int to, Part part, String message) {
        return new InvalidQueryException(true, terms.size(), new SearchQuery.Span(from, to - from), part, message);
    }

    private String text(int from, int to) {
        return new String(cp, from, to - from);
    }

    /** The term as typed, shortened for a message. */
    private String quote(int from, int to) {
        String s = to - from <= MAX_QUOTED_CHARS ? text(from, to) : text(from, from + MAX_QUOTED_CHARS) + "…";
        return "'" + s + "'";
    }
}
