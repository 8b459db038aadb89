package io.clipstream.query.feedback;

import io.clipstream.events.SearchImpression;
import io.clipstream.query.search.SearchPage;
import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.search.SearchSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shown page as the impression log records it. A weighted query is logged with all its terms and weights, and
 * with the text its clicks train on in {@code queryText} (see {@link #trainingText}), the one field the click-pair
 * topology and the trainer read.
 */
public final class Impressions {

    private Impressions() {
    }

    public static SearchImpression of(SearchSession session, SearchPage page) {
        List<SearchImpression.Shown> shown = page.hits().stream()
                .map(h -> new SearchImpression.Shown(h.imageId(), h.rank(), h.score())).toList();
        Map<String, Object> filter = session.rawFilter() == null || session.rawFilter().isEmpty() ? null
                : new HashMap<>(session.rawFilter());
        String text = null;
        String imageId = null;
        String upload = null;
        List<SearchImpression.Term> terms = null;
        switch (session.query()) {
            case SearchQuery.Text t -> text = t.text();
            case SearchQuery.SimilarTo s -> imageId = s.imageId();
            case SearchQuery.Upload u -> upload = u.sha256();
            case SearchQuery.Weighted w -> {
                terms = terms(w);
                text = trainingText(w);
            }
        }
        return new SearchImpression(session.searchId(), text, imageId, upload, terms, filter,
                session.model().baseModelId(), session.model().version(), session.model().collection(), page.page(),
                page.offset(), page.k(), shown, Instant.now());
    }

    /**
     * What a click on a result of {@code query} teaches the text tower: its positive text terms, in order, joined
     * by spaces; null (no training pair) when it has none, or when its positive image terms weigh more than them.
     * <p>
     * The trainer pulls the adapted embedding of a query text toward the clicked image and away from the other
     * images of its batch and the ones shown above the click. A positive term is something the clicked image was
     * chosen for, so it is a sound positive; a negative term is what the image was chosen for not being, and
     * pairing its text with the image would teach the opposite of what it means. The combined query vector is no
     * text the text tower can be trained on; and as the adapter is applied to every term before they are
     * combined, training it on the terms' texts improves weighted queries too. When image terms carry most of
     * the weight, the click says more about image similarity than about the words, and nothing is learned.
     */
    static String trainingText(SearchQuery.Weighted query) {
        List<String> texts = new ArrayList<>();
        double textWeight = 0;
        double imageWeight = 0;
        for (SearchQuery.Term term : query.terms()) {
            if (term.weight() <= 0) {
                continue;
            }
            if (term.what() instanceof SearchQuery.Text text) {
                texts.add(text.text());
                textWeight += term.weight();
            } else {
                imageWeight += term.weight();
            }
        }
        return texts.isEmpty() || imageWeight > textWeight ? null : String.join(" ", texts);
    }

    private static List<SearchImpression.Term> terms(SearchQuery.Weighted query) {
        return query.terms().stream().map(term -> switch (term.what()) {
            case SearchQuery.Text t -> new SearchImpression.Term(t.text(), null, null, term.weight());
            case SearchQuery.SimilarTo s -> new SearchImpression.Term(null, s.imageId(), null, term.weight());
            case SearchQuery.Upload u -> new SearchImpression.Term(null, null, u.sha256(), term.weight());
        }).toList();
    }
}
