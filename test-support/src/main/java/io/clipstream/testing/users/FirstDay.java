package io.clipstream.testing.users;

import io.clipstream.testing.shapes.CoinedConcept;
import io.clipstream.testing.shapes.KnownQuery;
import io.clipstream.testing.shapes.ShapeCatalogue;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The first-day benchmark's fixed choices (issue #13): a catalogue of 600 pictures of the trained tiny CLIP's world
 * in 20 libraries of 30, 40 of them planted members of the coined concept "florp" (a large green shape on sand;
 * with the random scenes that happen to be florps, about one picture in twelve); half the searches use one of its
 * 12 phrasings, the other half one of 12 searches in words the model knows. The guardrail is 48 other such searches
 * nobody types that day, judged by what their pictures show: what learning the new word must not break.
 *
 * <p>Every search text is its own query for the gate, so the split between the coined word and known searches
 * (12 and 12) decides how much of the held-out score the new word can move; the catalogue and libraries decide how
 * many clicks a search yields (see {@link SimulatedUsers}).
 */
public final class FirstDay {

    public static final CoinedConcept CONCEPT = CoinedConcept.FLORP;
    public static final int PICTURES = 600;
    public static final int PLANTED = 40;
    public static final int LIBRARIES = 20;
    public static final double CONCEPT_SHARE = 0.5;
    public static final int KNOWN_QUERIES = 12;
    public static final int GUARDRAIL_QUERIES = 48;
    private static final long QUERY_SEED = 7;
    private static final long GUARDRAIL_SEED = 99;

    private FirstDay() {
    }

    public static ShapeCatalogue catalogue(long seed) {
        return ShapeCatalogue.of(PICTURES - PLANTED, CONCEPT, PLANTED, seed);
    }

    public static SearchTraffic traffic() {
        return new SearchTraffic(CONCEPT, CONCEPT_SHARE, KnownQuery.sample(KNOWN_QUERIES, CONCEPT,
                new Random(QUERY_SEED)));
    }

    /** Known searches that {@link #traffic()} never types, none naming the concept's background. */
    public static List<KnownQuery> guardrail() {
        Set<String> typed = Set.copyOf(traffic().texts());
        return KnownQuery.sample(GUARDRAIL_QUERIES + KNOWN_QUERIES, CONCEPT, new Random(GUARDRAIL_SEED)).stream()
                .filter(query -> !typed.contains(query.text())).limit(GUARDRAIL_QUERIES).toList();
    }
}
