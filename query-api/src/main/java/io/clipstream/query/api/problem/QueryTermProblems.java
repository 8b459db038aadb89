package io.clipstream.query.api.problem;

import io.clipstream.query.search.InvalidQueryException;
import io.clipstream.query.search.SearchQuery;
import java.util.Locale;

/**
 * Where a problem with a query term is: for the search syntax the parameter {@code q} with the term's index and
 * place in it, for a list of terms the body field ({@code terms[2].weight}) and its JSON pointer
 * ({@code /terms/2/weight}).
 */
final class QueryTermProblems {

    /** A field with the term's location; {@code term} null when there is none to give. */
    record Located(String field, ApiProblem.Term term) {
    }

    private QueryTermProblems() {
    }

    static Located locate(boolean syntax, Integer index, SearchQuery.Span span, String part) {
        if (syntax) {
            return new Located("q", index == null && span == null ? null : new ApiProblem.Term(null, index,
                    span == null ? null : span.start(), span == null ? null : span.length()));
        }
        if (index == null) {
            return new Located("terms", new ApiProblem.Term("/terms", null, null, null));
        }
        String field = "terms[" + index + "]" + (part == null ? "" : "." + part);
        String pointer = "/terms/" + index + (part == null ? "" : "/" + part);
        return new Located(field, new ApiProblem.Term(pointer, index, null, null));
    }

    static Located locate(InvalidQueryException e) {
        return locate(e.syntax(), e.term(), e.span(), e.part() == null ? null : name(e.part()));
    }

    /** IMAGE_ID -> imageId, as the body names it. */
    private static String name(InvalidQueryException.Part part) {
        String[] words = part.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return out.toString();
    }
}
