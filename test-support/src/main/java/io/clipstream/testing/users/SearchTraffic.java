package io.clipstream.testing.users;

import io.clipstream.testing.shapes.CoinedConcept;
import io.clipstream.testing.shapes.KnownQuery;
import io.clipstream.testing.shapes.Scene;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * What users search on the first day and what they mean: a share of the searches use a coined word (one of its
 * phrasings, uniformly), the rest one of a fixed list of searches in words the model knows (uniformly: a day's
 * searches repeat a head of common texts). Every text's meaning is a predicate on the hidden scene.
 */
public final class SearchTraffic {

    private final CoinedConcept concept;
    private final double conceptShare;
    private final List<KnownQuery> known;
    private final Map<String, Predicate<Scene>> meaning = new LinkedHashMap<>();

    public SearchTraffic(CoinedConcept concept, double conceptShare, List<KnownQuery> known) {
        if (!(conceptShare >= 0 && conceptShare <= 1)) {
            throw new IllegalArgumentException("conceptShare must be in [0, 1], got " + conceptShare);
        }
        this.concept = concept;
        this.conceptShare = conceptShare;
        this.known = List.copyOf(known);
        concept.phrasings().forEach(text -> meaning.put(text, concept::includes));
        for (KnownQuery query : known) {
            if (meaning.putIfAbsent(query.text(), query::matches) != null) {
                throw new IllegalArgumentException("'" + query.text() + "' is both a known query and a phrasing");
            }
        }
    }

    /** The next search's text. */
    public String nextText(Random random) {
        if (random.nextDouble() < conceptShare || known.isEmpty()) {
            return concept.phrasings().get(random.nextInt(concept.phrasings().size()));
        }
        return known.get(random.nextInt(known.size())).text();
    }

    /** Every text users type. */
    public List<String> texts() {
        return new ArrayList<>(meaning.keySet());
    }

    /** What a user who typed {@code text} wants to see. */
    public Predicate<Scene> meaning(String text) {
        Predicate<Scene> relevant = meaning.get(text);
        if (relevant == null) {
            throw new IllegalArgumentException("nobody searches '" + text + "'");
        }
        return relevant;
    }

    public boolean isConcept(String text) {
        return concept.phrasings().contains(text);
    }

    public CoinedConcept concept() {
        return concept;
    }

    public List<KnownQuery> known() {
        return known;
    }
}
