package io.clipstream.query.search;

import io.clipstream.query.search.InvalidQueryException.Part;
import java.util.List;
import java.util.Locale;

/**
 * Turns the terms of a query, written in the search syntax or given as a list, into what is searched: checks
 * their number, weights and texts, and makes a single positive term the plain query it is (so {@code red circle}
 * and {@code +red:0.5} are ordinary text searches, logged and cached as such).
 * <p>
 * A query needs at least one positive term: negative terms alone would rank by dissimilarity to them, and the
 * least similar images in a CLIP space are not an answer anyone wants, so such a query is refused.
 */
public final class QueryTerms {

    /**
     * @param maxTerms terms per query
     * @param maxWeight largest absolute weight
     * @param maxTextChars the texts of all terms together, with one separator between two, in code points
     */
    public record Limits(int maxTerms, double maxWeight, int maxTextChars) {
    }

    /** Below this norm (relative to the sum of absolute weights) the terms are taken to cancel out. */
    static final double CANCEL_OUT = 1e-5;

    private final Limits limits;

    public QueryTerms(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** The query {@code q} in the search syntax describes. */
    public SearchQuery parse(String q) {
        return of(QuerySyntax.parse(q, limits.maxTerms()), true);
    }

    /** The query a list of terms describes. */
    public SearchQuery list(List<SearchQuery.Term> terms) {
        return of(terms, false);
    }

    private SearchQuery of(List<SearchQuery.Term> terms, boolean syntax) {
        if (terms.isEmpty()) {
            throw new InvalidQueryException(syntax, null, null, null, "give at least one term");
        }
        if (terms.size() > limits.maxTerms()) {
            throw new InvalidQueryException(syntax, limits.maxTerms(), terms.get(limits.maxTerms()).span(), null,
                    "a query takes at most " + limits.maxTerms() + " terms, got " + terms.size());
        }
        int chars = 0;
        int texts = 0;
        boolean positive = false;
        for (int i = 0; i < terms.size(); i++) {
            SearchQuery.Term term = terms.get(i);
            checkWeight(term, i, syntax);
            positive |= term.weight() > 0;
            if (term.what() instanceof SearchQuery.Text text) {
                if (text.text().isBlank()) {
                    throw new InvalidQueryException(syntax, i, term.span(), Part.TEXT, "term " + (i + 1)
                            + " has an empty text");
                }
                chars += text.text().codePointCount(0, text.text().length());
                texts++;
            }
        }
        if (chars + Math.max(0, texts - 1) > limits.maxTextChars()) {
            throw new InvalidQueryException(syntax, null, null, Part.TEXT, "the texts of the terms are longer than "
                    + limits.maxTextChars() + " characters together");
        }
        if (!positive) {
            throw new InvalidQueryException(syntax, null, null, Part.WEIGHT, "every term is negative: give at "
                    + "least one term to search toward (a word without '-', or a positive weight)");
        }
        return terms.size() == 1 ? terms.getFirst().what() : new SearchQuery.Weighted(terms, syntax);
    }

    private void checkWeight(SearchQuery.Term term, int index, boolean syntax) {
        double w = term.weight();
        if (Double.isFinite(w) && w != 0 && Math.abs(w) <= limits.maxWeight()) {
            return;
        }
        String limit = number(limits.maxWeight());
        String detail = syntax
                ? "the weight of term " + (index + 1) + " must be above 0 and at most " + limit
                        + " (the sign before the term gives the direction), got " + number(Math.abs(w))
                : "the weight of term " + (index + 1) + " must be a number from -" + limit + " to " + limit
                        + ", not 0, got " + number(w);
        throw new InvalidQueryException(syntax, index, term.span(), Part.WEIGHT, detail);
    }

    /** 100 rather than 100.0; 1.0E20 stays as it is. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
