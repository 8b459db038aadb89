package io.clipstream.query.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a search looks for: a text prompt, an indexed image ("more like this"), an uploaded image, or several of
 * these with weights ({@link Weighted}: toward the positive terms, away from the negative ones).
 */
public sealed interface SearchQuery {

    /** Indexed images the query names: left out of its results, as the person already has them. */
    Set<String> queryImages();

    /** One thing to search for; also what a weighted query's terms are made of. */
    sealed interface Single extends SearchQuery permits Text, SimilarTo, Upload {
    }

    record Text(String text) implements Single {
        @Override
        public Set<String> queryImages() {
            return Set.of();
        }
    }

    record SimilarTo(String imageId) implements Single {
        @Override
        public Set<String> queryImages() {
            return Set.of(imageId);
        }
    }

    /** The bytes are embedded once and not kept; the hash identifies the upload in the impression log. */
    record Upload(String sha256, byte[] bytes) implements Single {
        @Override
        public Set<String> queryImages() {
            return Set.of();
        }
    }

    /**
     * Terms whose embeddings are summed with their weights (each after the version's adapter) and normalised.
     *
     * @param syntax whether the terms were written in the search syntax ({@code GET /v1/search?q=}) rather than
     *               given as a list; it says how a problem with them is reported, and is not part of the query
     */
    record Weighted(List<Term> terms, boolean syntax) implements SearchQuery {

        public Weighted {
            terms = List.copyOf(terms);
        }

        @Override
        public Set<String> queryImages() {
            Set<String> ids = new LinkedHashSet<>();
            for (Term term : terms) {
                ids.addAll(term.what().queryImages());
            }
            return ids;
        }

        /** As a search remembers it: no upload bytes, no positions. */
        public Weighted withoutBytes() {
            return new Weighted(terms.stream().map(Term::withoutBytes).toList(), syntax);
        }

        /** The same terms and weights in the same order, however they were written. */
        public boolean sameTerms(Weighted other) {
            return withoutBytes().terms().equals(other.withoutBytes().terms());
        }
    }

    /**
     * One term of a weighted query: what to move toward (weight above 0) or away from (below 0).
     *
     * @param span where the term stands in the search syntax text; null for a term given in a list
     */
    record Term(Single what, double weight, Span span) {

        Term withoutBytes() {
            Single kept = what instanceof Upload upload ? new Upload(upload.sha256(), null) : what;
            return new Term(kept, weight, null);
        }
    }

    /** A term's place in the search syntax text, in code points from its start. */
    record Span(int start, int length) {
    }
}
