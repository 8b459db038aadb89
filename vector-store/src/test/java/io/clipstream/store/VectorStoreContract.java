package io.clipstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clipstream.store.filter.FieldType;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.filter.FilterField;
import io.clipstream.store.keyword.Fusion;
import io.clipstream.store.keyword.KeywordSearchUnsupportedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} adapter must show. Adapters extend this class in their own tests and
 * provide a store connected to a real server.
 */
public abstract class VectorStoreContract {

    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    protected static final int DIMS = 8;
    protected static final FilterField ALBUM = FilterField.metadata("album", FieldType.STRING);
    protected static final FilterField RATING = FilterField.metadata("rating", FieldType.NUMBER);
    protected static final FilterField PUBLIC = FilterField.metadata("public", FieldType.BOOLEAN);
    private static final long FIXTURE_TIME = 1_780_000_000_000L;
    private static final List<String> FIXTURE_IDS = List.of("cat1", "cat2", "sea", "city", "doc", "blank");
    /**
     * The filter fixture of each store, built once: the filter cases only read it, and a new collection costs
     * about two seconds on a real Milvus server (its load is confirmed on a one-second tick).
     */
    private static final Map<VectorStore, String> FILTER_FIXTURES = Collections.synchronizedMap(new WeakHashMap<>());

    /** A store connected to the system under test; the same instance for the whole class is fine. */
    protected abstract VectorStore store();

    /**
     * Whether this store ranks text (BM25) in collections created with text fields; where it does not, the
     * contract checks that it says so and refuses keyword and hybrid searches rather than answer by vector.
     */
    protected abstract boolean ranksText();

    protected String freshCollection() {
        String name = "contract_" + getClass().getSimpleName().toLowerCase() + "_" + ProcessHandle.current().pid()
                + "_" + COLLECTIONS.incrementAndGet();
        store().ensureCollection(new CollectionSpec(name, DIMS));
        return name;
    }

    @Test
    void ensureCollectionIsIdempotent() {
        String c = freshCollection();

        store().ensureCollection(new CollectionSpec(c, DIMS));

        assertThat(store().collectionExists(c)).isTrue();
        assertThat(store().listCollections()).contains(c);
        assertThat(store().count(c)).isZero();
    }

    @Test
    void upsertedRecordsReadBackWithAllFields() {
        String c = freshCollection();
        VectorRecord a = record("a", 1, "https://example.org/a.jpg", Map.of("album", "pets", "rating", 5,
                "public", true));
        VectorRecord b = record("b", 2, "", Map.of());

        store().upsert(c, List.of(a, b));

        assertThat(store().count(c)).isEqualTo(2);
        assertThat(store().allIds(c)).containsExactlyInAnyOrder("a", "b");
        VectorRecord back = store().get(c, List.of("a", "missing")).getFirst();
        assertThat(store().get(c, List.of("a", "missing"))).hasSize(1);
        assertThat(back.id()).isEqualTo("a");
        assertThat(back.url()).isEqualTo("https://example.org/a.jpg");
        assertThat(back.contentType()).isEqualTo("image/jpeg");
        assertThat(back.metadata()).containsEntry("album", "pets").containsEntry("public", true);
        assertThat(((Number) back.metadata().get("rating")).intValue()).isEqualTo(5);
        assertThat(back.eventTimeMs()).isEqualTo(a.eventTimeMs());
        for (int i = 0; i < DIMS; i++) {
            assertThat(back.vector()[i]).isCloseTo(a.vector()[i], within(1e-6f));
        }
    }

    @Test
    void upsertReplacesTheWholeRecord() {
        String c = freshCollection();
        store().upsert(c, List.of(record("x", 1, "https://example.org/old.jpg", Map.of("v", "old", "gone", 1))));

        VectorRecord replacement = record("x", 9, "https://example.org/new.jpg", Map.of("v", "new"));
        store().upsert(c, List.of(replacement));

        VectorRecord back = store().get(c, List.of("x")).getFirst();
        assertThat(store().count(c)).isEqualTo(1);
        assertThat(back.url()).isEqualTo("https://example.org/new.jpg");
        assertThat(back.metadata()).isEqualTo(Map.of("v", "new"));
        assertThat(back.vector()[0]).isCloseTo(replacement.vector()[0], within(1e-6f));
    }

    @Test
    void deleteRemovesAndIgnoresAbsentIds() {
        String c = freshCollection();
        store().upsert(c, List.of(record("a", 1, "", Map.of()), record("b", 2, "", Map.of())));

        store().delete(c, List.of("a", "never-existed"));

        assertThat(store().allIds(c)).containsExactly("b");
        assertThat(store().get(c, List.of("a"))).isEmpty();
    }

    @Test
    void searchRanksByCosineAndPagesConsistently() {
        String c = freshCollection();
        float[] query = unit(new Random(42));
        List<VectorRecord> records = List.of(
                withVector("far", negate(query)),
                withVector("exact", query.clone()),
                withVector("near", nudge(query, 0.1f)),
                withVector("mid", nudge(query, 0.6f)),
                withVector("farther", nudge(negate(query), 0.2f)));
        store().upsert(c, records);

        List<SearchHit> top = store().search(c, query, 4, 0);
        List<SearchHit> secondPage = store().search(c, query, 2, 2);

        assertThat(top).extracting(SearchHit::id).containsExactly("exact", "near", "mid", "farther");
        assertThat(top.getFirst().similarity()).isCloseTo(1.0, within(1e-4));
        assertThat(top.get(0).similarity()).isGreaterThan(top.get(1).similarity());
        assertThat(secondPage).extracting(SearchHit::id).containsExactly("mid", "farther");
    }

    @Test
    void searchEachAnswersEveryVectorAsItsOwnSearch() {
        String c = freshCollection();
        Random random = new Random(7);
        List<VectorRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(withVector("r" + i, unit(random)));
        }
        store().upsert(c, records);
        List<float[]> queries = List.of(records.get(3).vector(), unit(random), negate(records.get(17).vector()));

        List<List<SearchHit>> each = store().searchEach(c, queries, 5);

        assertThat(each).hasSize(queries.size());
        assertThat(each.getFirst().getFirst().id()).isEqualTo("r3");
        for (int i = 0; i < queries.size(); i++) {
            List<SearchHit> alone = store().search(c, queries.get(i), 5, 0);
            assertThat(hitIds(each.get(i))).as("vector %d", i).hasSize(5).isEqualTo(hitIds(alone));
            for (int rank = 0; rank < 5; rank++) {
                assertThat(each.get(i).get(rank).similarity()).isCloseTo(alone.get(rank).similarity(), within(1e-6));
            }
        }
        assertThat(store().searchEach(c, List.of(), 5)).isEmpty();
    }

    @Test
    void anAliasPointsAtOneCollectionAndMovesAtomically() {
        String v0 = freshCollection();
        String v1 = freshCollection();
        String alias = v0 + "_live";
        store().upsert(v0, List.of(record("only-in-v0", 1, "", Map.of())));
        store().upsert(v1, List.of(record("only-in-v1", 2, "", Map.of())));

        store().pointAlias(alias, v0);
        assertThat(store().aliasTarget(alias)).contains(v0);
        assertThat(store().search(alias, unit(new Random(1)), 5, 0)).extracting(SearchHit::id)
                .containsExactly("only-in-v0");

        store().pointAlias(alias, v1);
        assertThat(store().aliasTarget(alias)).contains(v1);
        assertThat(store().search(alias, unit(new Random(2)), 5, 0)).extracting(SearchHit::id)
                .containsExactly("only-in-v1");
        assertThat(store().aliasTarget("no_such_alias_" + ProcessHandle.current().pid())).isEmpty();
    }

    @Test
    void droppedCollectionsAreGone() {
        String c = freshCollection();

        store().dropCollection(c);

        assertThat(store().collectionExists(c)).isFalse();
        assertThat(store().isReachable()).isTrue();
    }

    @Test
    void deletedAndReplacedRecordsLeaveTheRanking() {
        String c = freshCollection();
        float[] query = unit(new Random(42));
        store().upsert(c, List.of(withVector("exact", query.clone()), withVector("near", nudge(query, 0.1f)),
                withVector("mid", nudge(query, 0.6f))));

        store().delete(c, List.of("exact"));
        store().upsert(c, List.of(withVector("near", negate(query))));

        assertThat(store().search(c, query, 5, 0)).extracting(SearchHit::id).containsExactly("mid", "near");
        assertThat(store().count(c)).isEqualTo(2);
    }

    @Test
    void anAliasServesItsTargetsLaterWrites() {
        String v0 = freshCollection();
        String v1 = freshCollection();
        String alias = v1 + "_live";
        store().upsert(v0, List.of(record("old", 1, "", Map.of())));
        store().pointAlias(alias, v0);

        store().pointAlias(alias, v1);
        store().upsert(v1, List.of(record("new", 2, "", Map.of())));
        store().upsert(v0, List.of(record("late-in-v0", 3, "", Map.of())));

        assertThat(store().search(alias, unit(new Random(3)), 5, 0)).extracting(SearchHit::id)
                .containsExactly("new");
    }

    @Test
    void anUnknownCollectionIsRefusedForGood() {
        String missing = "contract_missing_" + ProcessHandle.current().pid();

        assertRefused(() -> store().upsert(missing, List.of(record("a", 1, "", Map.of()))));
        assertRefused(() -> store().search(missing, unit(new Random(1)), 5, 0));
        assertRefused(() -> store().pointAlias(missing + "_live", missing));
        assertThat(store().collectionExists(missing)).isFalse();
        assertThat(store().aliasTarget(missing + "_live")).isEmpty();
    }

    @Test
    void aVectorOfTheWrongDimensionIsNotStored() {
        String c = freshCollection();
        float[] tooLong = new float[DIMS + 1];
        tooLong[0] = 1;

        assertRefused(() -> store().upsert(c, List.of(withVector("long", tooLong))));
        assertThat(store().count(c)).isZero();
    }

    /** Milvus refuses to drop an aliased collection, Milvus Lite drops the alias too: never is one left dangling. */
    @Test
    void droppingAnAliasedCollectionLeavesNoDanglingAlias() {
        String c = freshCollection();
        String alias = c + "_live";
        store().upsert(c, List.of(record("a", 1, "", Map.of())));
        store().pointAlias(alias, c);

        try {
            store().dropCollection(c);
        } catch (VectorStoreException refused) {
            assertThat(refused.retryable()).isFalse();
            assertThat(store().search(alias, unit(new Random(1)), 5, 0)).extracting(SearchHit::id)
                    .containsExactly("a");
            return;
        }
        assertThat(store().collectionExists(c)).isFalse();
        assertThat(store().aliasTarget(alias)).isEmpty();
        assertRefused(() -> store().search(alias, unit(new Random(1)), 5, 0));
    }

    @Test
    void filterOnStringMetadataEquality() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Eq(ALBUM, "pets"))).containsExactlyInAnyOrder("cat1", "cat2");
        assertThat(ids(c, new Filter.Eq(ALBUM, "travel"))).containsExactlyInAnyOrder("sea", "city");
    }

    @Test
    void filterInMatchesAnyOfTheValues() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.In(ALBUM, List.of("pets", "work")))).containsExactlyInAnyOrder("cat1", "cat2",
                "doc");
        assertThat(ids(c, new Filter.In(ALBUM, List.of("nope", "travel")))).containsExactlyInAnyOrder("sea", "city");
        assertThat(ids(c, new Filter.In(RATING, List.of(1, 4.5)))).containsExactlyInAnyOrder("doc", "sea");
        assertThat(ids(c, new Filter.In(FilterField.CONTENT_TYPE, List.of("image/webp", "image/gif"))))
                .containsExactly("city");
        assertThat(ids(c, new Filter.In(FilterField.EVENT_TIME, List.of(at(1000), at(6000)))))
                .containsExactlyInAnyOrder("cat1", "blank");
    }

    @Test
    void filterOnANumericRangeWithInclusiveBounds() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Range(RATING, 3, true, 4.5, true))).containsExactlyInAnyOrder("cat2", "sea");
        assertThat(ids(c, new Filter.Range(RATING, 4.5, true, null, false))).containsExactlyInAnyOrder("cat1", "sea");
        assertThat(ids(c, new Filter.Range(RATING, null, false, 2, true))).containsExactlyInAnyOrder("city", "doc");
    }

    @Test
    void filterOnANumericRangeWithExclusiveBounds() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Range(RATING, 3, false, 5, false))).containsExactly("sea");
        assertThat(ids(c, new Filter.Range(RATING, 2, false, 4.5, true))).containsExactlyInAnyOrder("cat2", "sea");
        assertThat(ids(c, new Filter.Range(RATING, null, false, 3, false))).containsExactlyInAnyOrder("city", "doc");
    }

    @Test
    void metadataNumbersCompareNumerically() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Eq(RATING, 5.0))).containsExactly("cat1");
        assertThat(ids(c, new Filter.Eq(RATING, 4.5))).containsExactly("sea");
        assertThat(ids(c, new Filter.Range(RATING, 2.5, true, 3L, true))).containsExactly("cat2");
    }

    @Test
    void filterOnBooleanEquality() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Eq(PUBLIC, true))).containsExactlyInAnyOrder("cat1", "sea");
        assertThat(ids(c, new Filter.Eq(PUBLIC, false))).containsExactlyInAnyOrder("cat2", "city");
    }

    @Test
    void filterOnAnEventTimeRange() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Range(FilterField.EVENT_TIME, at(2000), true, at(4000), false)))
                .containsExactlyInAnyOrder("cat2", "sea");
        assertThat(ids(c, new Filter.Range(FilterField.EVENT_TIME, at(2000), false, at(4000), true)))
                .containsExactlyInAnyOrder("sea", "city");
        assertThat(ids(c, new Filter.Range(FilterField.EVENT_TIME, at(5000), true, null, false)))
                .containsExactlyInAnyOrder("doc", "blank");
        // Sub-millisecond bounds keep the records a real-valued comparison would: 1999.5 < t < 2000.5 is t = 2000.
        assertThat(ids(c, new Filter.Range(FilterField.EVENT_TIME, at(1999).plusNanos(500_000), false,
                at(2000).plusNanos(500_000), false))).containsExactly("cat2");
        assertThat(ids(c, new Filter.Eq(FilterField.EVENT_TIME, at(1000)))).containsExactly("cat1");
    }

    @Test
    void filterOnContentTypeEquality() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Eq(FilterField.CONTENT_TYPE, "image/png"))).containsExactlyInAnyOrder("cat2",
                "doc");
        assertThat(ids(c, new Filter.Eq(FilterField.CONTENT_TYPE, "image/webp"))).containsExactly("city");
    }

    @Test
    void conjunctionsNeedEveryPart() {
        String c = filterFixture();

        assertThat(ids(c, and(new Filter.Eq(ALBUM, "travel"), new Filter.Eq(PUBLIC, true)))).containsExactly("sea");
        assertThat(ids(c, and(new Filter.Eq(FilterField.CONTENT_TYPE, "image/jpeg"),
                new Filter.Range(RATING, 4, true, null, false),
                new Filter.Range(FilterField.EVENT_TIME, null, false, at(3000), false)))).containsExactly("cat1");
        assertThat(ids(c, and(new Filter.In(ALBUM, List.of("pets", "travel")),
                and(new Filter.Eq(PUBLIC, false), Filter.NONE)))).containsExactlyInAnyOrder("cat2", "city");
        assertThat(ids(c, new Filter.And(List.of()))).containsExactlyInAnyOrder(FIXTURE_IDS.toArray(String[]::new));
    }

    @Test
    void aFilterThatMatchesNothingGivesNoHits() {
        String c = filterFixture();

        assertThat(ids(c, new Filter.Eq(ALBUM, "nope"))).isEmpty();
        assertThat(ids(c, and(new Filter.Eq(ALBUM, "pets"), new Filter.Eq(ALBUM, "travel")))).isEmpty();
        assertThat(ids(c, new Filter.Range(RATING, 5, false, null, false))).isEmpty();
        assertThat(ids(c, new Filter.Eq(FilterField.metadata("absent", FieldType.STRING), "x"))).isEmpty();
        assertThat(ids(c, new Filter.Eq(FilterField.metadata("album", FieldType.NUMBER), 5))).isEmpty();
    }

    @Test
    void filteredSearchStillRanksByCosine() {
        String c = filterFixture();
        float[] nearCat2 = unit(new Random(2));

        List<SearchHit> best = store().search(c, nearCat2, 1, 0, new Filter.Eq(ALBUM, "pets"));
        List<SearchHit> travel = store().search(c, nearCat2, 10, 0, new Filter.Eq(ALBUM, "travel"));

        assertThat(best).extracting(SearchHit::id).containsExactly("cat2");
        assertThat(best.getFirst().similarity()).isCloseTo(1.0, within(1e-4));
        assertThat(best.getFirst().metadata()).containsEntry("album", "pets");
        assertThat(travel).extracting(SearchHit::id).containsExactlyInAnyOrder("sea", "city");
        assertThat(travel.get(0).similarity()).isGreaterThanOrEqualTo(travel.get(1).similarity());
    }

    @Test
    void filteredPagesJoinUpWithoutOverlap() {
        String c = freshCollection();
        List<VectorRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(record("r" + i, 100 + i, "", Map.of("album", i % 2 == 0 ? "keep" : "skip")));
        }
        store().upsert(c, records);
        float[] query = unit(new Random(7));
        Filter keep = new Filter.Eq(ALBUM, "keep");

        List<String> first = hitIds(store().search(c, query, 3, 0, keep));
        List<String> second = hitIds(store().search(c, query, 3, 3, keep));
        List<String> both = hitIds(store().search(c, query, 6, 0, keep));

        assertThat(first).hasSize(3).doesNotContainAnyElementsOf(second);
        List<String> joined = new ArrayList<>(first);
        joined.addAll(second);
        assertThat(both).hasSize(6);
        assertThat(joined).isEqualTo(both);
        assertThat(both).allMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 0);
        assertThat(store().search(c, query, 3, 9, keep)).hasSize(1);
    }

    /**
     * Values that would change the expression if an adapter spliced them into its query language. Each is
     * stored verbatim in one record; a filter on it must find that record and nothing else.
     */
    @Test
    void filterValuesAreDataNeverSyntax() {
        List<String> evil = List.of("x\" or id != \"", "\") or true or (\"", "\\\" || 1==1 || \\\"",
                "back\\slash", "trailing\\", "\\", "\\\"", "line\nbreak", "cr\r\nlf", "tab\there",
                "\u201cpets\u201d", "\u2018pets\u2019", "\uff02pets\uff02", "metadata[\"a\"] == 1",
                "' or '1'=='1", "pets\" or metadata[\"album\"] == \"pets", "]) or (id != \"");
        String c = freshCollection();
        List<VectorRecord> records = new ArrayList<>(List.of(
                fixture("pets", 1, "image/jpeg", Map.of("album", "pets", "a", 1), 0),
                fixture("x", 2, "image/jpeg", Map.of("album", "x"), 0),
                fixture("empty", 3, "", Map.of("album", ""), 0),
                fixture("nokey", 4, "image/png", Map.of(), 0)));
        for (int i = 0; i < evil.size(); i++) {
            records.add(fixture("evil" + i, 10 + i, evil.get(i), Map.of("album", evil.get(i)), 0));
        }
        store().upsert(c, records);

        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < evil.size(); i++) {
            String value = evil.get(i);
            String only = "evil" + i;
            expectOnly(softly, c, new Filter.Eq(ALBUM, value), only);
            expectOnly(softly, c, new Filter.In(ALBUM, List.of("nope", value)), only);
            expectOnly(softly, c, new Filter.Eq(FilterField.CONTENT_TYPE, value), only);
            expectOnly(softly, c, new Filter.In(FilterField.CONTENT_TYPE, List.of(value)), only);
        }
        softly.assertAll();
    }

    /**
     * Captions and tags are the text fields; "num" has a number where a caption would be, "plain" no text.
     * The query "red square" matches redred (both words, red three times), red (red) and blue (square).
     */
    private String textFixture() {
        String c = "contract_text_" + getClass().getSimpleName().toLowerCase() + "_" + ProcessHandle.current().pid()
                + "_" + COLLECTIONS.incrementAndGet();
        store().ensureCollection(new CollectionSpec(c, DIMS, List.of("caption", "tags")));
        store().upsert(c, List.of(
                record("red", 1, "", Map.of("caption", "a red circle on grass", "tags", "shapes", "album", "a")),
                record("redred", 2, "", Map.of("caption", "red square", "tags", "red red", "album", "b")),
                record("blue", 3, "", Map.of("caption", "a blue square on snow", "album", "a")),
                record("green", 4, "", Map.of("caption", "green triangle", "album", "a")),
                record("num", 5, "", Map.of("caption", 5, "album", "a")),
                record("plain", 6, "", Map.of("album", "a"))));
        return c;
    }

    @Test
    void keywordSearchRanksByBm25OverTheTextFieldsAndPages() {
        assumeTrue(ranksText(), "this store ranks no text");
        String c = textFixture();

        assertThat(store().supportsKeywordSearch(c)).isTrue();
        List<SearchHit> all = store().keywordSearch(c, "red square", 10, 0, Filter.NONE);
        List<String> joined = new ArrayList<>(hitIds(store().keywordSearch(c, "red square", 1, 0, Filter.NONE)));
        joined.addAll(hitIds(store().keywordSearch(c, "red square", 2, 1, Filter.NONE)));

        assertThat(all).extracting(SearchHit::id).containsExactlyInAnyOrder("redred", "red", "blue");
        assertThat(all.getFirst().id()).isEqualTo("redred");
        assertThat(all.get(0).similarity()).isGreaterThan(all.get(1).similarity());
        assertThat(all.getFirst().metadata()).containsEntry("caption", "red square");
        assertThat(joined).isEqualTo(hitIds(all));
        assertThat(hitIds(store().keywordSearch(c, "Triangle", 10, 0, Filter.NONE))).containsExactly("green");
        assertThat(store().keywordSearch(c, "hexagon", 10, 0, Filter.NONE)).isEmpty();
    }

    @Test
    void keywordSearchKeepsOnlyWhatTheFilterKeeps() {
        assumeTrue(ranksText(), "this store ranks no text");
        String c = textFixture();

        assertThat(hitIds(store().keywordSearch(c, "red square", 10, 0, new Filter.Eq(ALBUM, "a"))))
                .containsExactlyInAnyOrder("red", "blue");
        assertThat(store().keywordSearch(c, "red square", 10, 0, new Filter.Eq(ALBUM, "zzz"))).isEmpty();
    }

    @Test
    void hybridSearchFusesBothRankingsWithFiltersOnBoth() {
        assumeTrue(ranksText(), "this store ranks no text");
        String c = textFixture();
        float[] likeGreen = unit(new Random(4));
        Fusion even = new Fusion(60, 1, 1, 100);

        List<SearchHit> fused = store().hybridSearch(c, likeGreen, "red square", even, 10, 0, Filter.NONE);
        List<SearchHit> vectorOnly = store().hybridSearch(c, likeGreen, "red square", new Fusion(60, 1, 0, 100), 10,
                0, Filter.NONE);
        List<SearchHit> keywordOnly = store().hybridSearch(c, likeGreen, "red square", new Fusion(60, 0, 1, 100), 10,
                0, Filter.NONE);
        List<SearchHit> filtered = store().hybridSearch(c, likeGreen, "red square", even, 10, 0,
                new Filter.Eq(ALBUM, "b"));
        List<String> joined = new ArrayList<>(hitIds(store().hybridSearch(c, likeGreen, "red square", even, 2, 0,
                Filter.NONE)));
        joined.addAll(hitIds(store().hybridSearch(c, likeGreen, "red square", even, 10, 2, Filter.NONE)));

        // green is the vector leg's best but no keyword hit; redred the keyword leg's best.
        assertThat(fused).extracting(SearchHit::id).hasSize(6).contains("green", "redred");
        assertThat(fused.getFirst().similarity()).isGreaterThan(fused.getLast().similarity());
        assertThat(hitIds(vectorOnly)).isEqualTo(hitIds(store().search(c, likeGreen, 10, 0)));
        assertThat(hitIds(keywordOnly)).isEqualTo(hitIds(store().keywordSearch(c, "red square", 10, 0,
                Filter.NONE)));
        assertThat(filtered).extracting(SearchHit::id).containsExactly("redred");
        assertThat(joined).isEqualTo(hitIds(fused));
    }

    @Test
    void aCollectionWithoutTextFieldsRefusesKeywordAndHybridSearch() {
        String c = freshCollection();
        store().upsert(c, List.of(record("a", 1, "", Map.of("caption", "red square"))));
        // Declaring text fields later does not index the records already there: the collection keeps its own.
        store().ensureCollection(new CollectionSpec(c, DIMS, List.of("caption")));

        assertThat(store().supportsKeywordSearch(c)).isFalse();
        assertThatThrownBy(() -> store().keywordSearch(c, "red", 10, 0, Filter.NONE))
                .isInstanceOf(KeywordSearchUnsupportedException.class);
        assertThatThrownBy(() -> store().hybridSearch(c, unit(new Random(1)), "red", new Fusion(60, 1, 1, 10), 10,
                0, Filter.NONE)).isInstanceOf(KeywordSearchUnsupportedException.class);
        assertThat(hitIds(store().search(c, unit(new Random(1)), 10, 0))).containsExactly("a");
    }

    @Test
    void aStoreThatRanksNoTextSaysSoAndStillStoresAndSearchesVectors() {
        assumeFalse(ranksText(), "this store ranks text");
        String c = textFixture();

        assertThat(store().supportsKeywordSearch(c)).isFalse();
        assertThatThrownBy(() -> store().keywordSearch(c, "red", 10, 0, Filter.NONE))
                .isInstanceOf(KeywordSearchUnsupportedException.class);
        assertThat(store().count(c)).isEqualTo(6);
        assertThat(hitIds(store().search(c, unit(new Random(4)), 1, 0))).containsExactly("green");
    }

    private static void assertRefused(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VectorStoreException.class,
                e -> assertThat(e.kind()).as("kind of: %s", e.getMessage())
                        .isEqualTo(VectorStoreException.Kind.REFUSED));
    }

    /** A search the store refuses fails the case too, and the other cases still run, so a report lists all. */
    private void expectOnly(SoftAssertions softly, String collection, Filter filter, String id) {
        List<String> found;
        try {
            found = ids(collection, filter);
        } catch (VectorStoreException e) {
            softly.fail("search with " + filter + " failed", e);
            return;
        }
        softly.assertThat(found).as("%s", filter).containsExactly(id);
    }

    /**
     * Six records whose expected matches the filter tests spell out by hand:
     * <pre>
     * id     album   rating public contentType  eventTime
     * cat1   pets    5      true   image/jpeg   +1000
     * cat2   pets    3      false  image/png    +2000
     * sea    travel  4.5    true   image/jpeg   +3000
     * city   travel  2      false  image/webp   +4000
     * doc    work    1      -      image/png    +5000
     * blank  -       -      -      image/jpeg   +6000
     * </pre>
     * Shared by the cases of one store: nothing may write to it.
     */
    protected String filterFixture() {
        return FILTER_FIXTURES.computeIfAbsent(store(), store -> newFilterFixture());
    }

    private String newFilterFixture() {
        String c = freshCollection();
        store().upsert(c, List.of(
                fixture("cat1", 1, "image/jpeg", Map.of("album", "pets", "rating", 5, "public", true), 1000),
                fixture("cat2", 2, "image/png", Map.of("album", "pets", "rating", 3, "public", false), 2000),
                fixture("sea", 3, "image/jpeg", Map.of("album", "travel", "rating", 4.5, "public", true), 3000),
                fixture("city", 4, "image/webp", Map.of("album", "travel", "rating", 2, "public", false), 4000),
                fixture("doc", 5, "image/png", Map.of("album", "work", "rating", 1), 5000),
                fixture("blank", 6, "image/jpeg", Map.of(), 6000)));
        return c;
    }

    /** Every id that passes {@code filter}; the limit is far above any fixture's size. */
    protected List<String> ids(String collection, Filter filter) {
        return hitIds(store().search(collection, unit(new Random(99)), 100, 0, filter));
    }

    private static List<String> hitIds(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::id).toList();
    }

    private static Filter and(Filter... filters) {
        return new Filter.And(List.of(filters));
    }

    private static Instant at(long offsetMs) {
        return Instant.ofEpochMilli(FIXTURE_TIME + offsetMs);
    }

    private static VectorRecord fixture(String id, long seed, String contentType, Map<String, Object> metadata,
                                        long eventOffsetMs) {
        return new VectorRecord(id, unit(new Random(seed)), "", contentType, metadata, FIXTURE_TIME + eventOffsetMs,
                FIXTURE_TIME);
    }

    protected static VectorRecord record(String id, long seed, String url, Map<String, Object> metadata) {
        return new VectorRecord(id, unit(new Random(seed)), url, "image/jpeg", metadata, 1_780_000_000_000L + seed,
                1_780_000_100_000L);
    }

    private static VectorRecord withVector(String id, float[] vector) {
        return new VectorRecord(id, vector, "", "image/png", Map.of(), 0, 0);
    }

    protected static float[] unit(Random random) {
        float[] v = new float[DIMS];
        double norm = 0;
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIMS; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static float[] negate(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static float[] nudge(float[] v, float amount) {
        float[] out = v.clone();
        out[0] += amount;
        out[1] -= amount;
        double norm = 0;
        for (float x : out) {
            norm += x * x;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) Math.sqrt(norm);
        }
        return out;
    }
}
