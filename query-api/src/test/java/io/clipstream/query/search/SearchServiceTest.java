package io.clipstream.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.events.DuplicateTier;
import io.clipstream.events.SearchImpression;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.model.adapter.VersionAdapters;
import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.model.vector.Vectors;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.query.embed.ImageEmbedder;
import io.clipstream.query.embed.TextEmbedder;
import io.clipstream.query.feedback.SearchEvents;
import io.clipstream.query.version.ActiveModel;
import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.InMemoryVectorStore;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.keyword.KeywordSearchUnsupportedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The search service with fakes around it: an in-memory store with exact cosine search, a text "encoder" that
 * looks vectors up, a holder whose active version the test switches. Checks that a search is wholly one version,
 * that pages keep their version, and that bad requests come out as the domain's exceptions.
 */
class SearchServiceTest {

    private static final String MODEL = "m";
    private static final int DIMS = 4;

    private boolean refuseFilters;
    private boolean ranksText;
    /** The texts keyword rankings were asked for. */
    private final List<String> keywordCalls = new CopyOnWriteArrayList<>();
    /**
     * Refuses filter values on demand, as Milvus does with a value it cannot represent. Ranks text on demand: a
     * record matches when its id contains a word of the text (the stores' BM25 is the contract suite's business).
     */
    private final InMemoryVectorStore store = new InMemoryVectorStore() {
        @Override
        public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
            if (refuseFilters && !filter.isNone()) {
                throw new IllegalArgumentException("this store cannot represent that value");
            }
            return super.search(collection, vector, limit, offset, filter);
        }

        @Override
        public boolean supportsKeywordSearch(String collection) {
            return ranksText;
        }

        @Override
        public List<SearchHit> keywordSearch(String collection, String text, int limit, int offset, Filter filter) {
            if (!ranksText) {
                return super.keywordSearch(collection, text, limit, offset, filter);
            }
            keywordCalls.add(text);
            List<String> words = List.of(text.split(" "));
            List<SearchHit> all = allIds(collection).stream().sorted()
                    .filter(id -> words.stream().anyMatch(id::contains))
                    .map(id -> new SearchHit(id, 1.0, "", "image/jpeg", Map.of(), 0)).toList();
            return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
        }
    };
    private final List<SearchImpression> impressions = new CopyOnWriteArrayList<>();
    /** Near-duplicate groups by image id, as the duplicates view would tell them. */
    private final Map<String, String> nearGroups = new java.util.concurrent.ConcurrentHashMap<>();
    /** The texts of each call of the text embedder. */
    private final List<List<String>> textCalls = new CopyOnWriteArrayList<>();
    private final Map<String, float[]> texts = Map.of(
            "red", unit(1, 0.2f, 0, 0),
            "blue", unit(0, 0, 1, 0.3f),
            "grey", unit(0.5f, 0.5f, 0.5f, 0.5f));
    private final Map<String, float[]> images = Map.of(
            "img-red", unit(0.9f, 0.1f, 0, 0),
            "img-pink", unit(0.7f, 0.5f, 0.1f, 0),
            "img-blue", unit(0, 0.1f, 0.9f, 0.2f),
            "img-navy", unit(0, 0, 0.8f, 0.6f),
            "img-grey", unit(0.4f, 0.4f, 0.4f, 0.4f));
    private final ActiveModel v0 = new ActiveModel(MODEL, 0, CollectionSpec.nameFor(MODEL, 0),
            VersionAdapters.base(MODEL, DIMS), Instant.EPOCH);
    private final ActiveModel v1 = new ActiveModel(MODEL, 1, CollectionSpec.nameFor(MODEL, 1),
            new VersionAdapters(MODEL, 1, adapter(1), adapter(2)), Instant.EPOCH);
    private ActiveModel active = v0;
    private SearchService service;

    @BeforeEach
    void setUp() {
        for (ActiveModel version : List.of(v0, v1)) {
            store.ensureCollection(new CollectionSpec(version.collection(), DIMS));
            images.forEach((id, base) -> store.upsert(version.collection(), List.of(new VectorRecord(id,
                    version.adapters().image().apply(base), "", "image/jpeg", Map.of(), 0, 0))));
        }
        QueryConfig config = config(Map.of("clipstream.search.filter-fields.lens", "string"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        service = new SearchService();
        service.config = config;
        service.active = new ActiveModelHolder() {
            @Override
            public ActiveModel current() {
                return active;
            }
        };
        service.textEmbedder = new TextEmbedder() {
            @Override
            public float[] embed(String text) {
                textCalls.add(List.of(text));
                return texts.get(text).clone();
            }

            @Override
            public List<float[]> embedAll(List<String> batch) {
                textCalls.add(List.copyOf(batch));
                return batch.stream().map(t -> texts.get(t).clone()).toList();
            }
        };
        service.imageEmbedder = new ImageEmbedder() {
            @Override
            public float[] embed(byte[] bytes) throws ImageDecodeException {
                throw new ImageDecodeException(ImageDecodeException.Reason.TOO_LARGE, "the image is 31 MB");
            }
        };
        service.store = store;
        SearchSessions sessions = new SearchSessions();
        sessions.config = config;
        sessions.registry = meters;
        sessions.start();
        service.sessions = sessions;
        service.events = new SearchEvents() {
            @Override
            public void impression(SearchImpression impression) {
                impressions.add(impression);
            }
        };
        service.registry = meters;
        service.duplicates = (id, tier) -> tier == DuplicateTier.NEAR ? Optional.ofNullable(nearGroups.get(id))
                : Optional.empty();
        service.start();
    }

    @Test
    void keywordAndHybridSearchesOnAStoreWithoutKeywordSearchFailInsteadOfRankingByVector() {
        for (SearchMode mode : List.of(SearchMode.KEYWORD, SearchMode.HYBRID)) {
            assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.Text("red"), null, 2, 0, null,
                    new RankingRequest(mode, null, null)))).isInstanceOf(KeywordSearchUnsupportedException.class)
                    .hasMessageContaining("keyword search is not available on collection " + v0.collection());
        }
        assertThat(impressions).isEmpty();
    }

    @Test
    void keywordRankingNeedsTextInTheQuery() {
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.SimilarTo("img-red"), null, 2, 0,
                null, new RankingRequest(SearchMode.KEYWORD, null, null))))
                .isInstanceOfSatisfying(InvalidModeException.class, e -> assertThat(e.field()).isEqualTo("mode"));
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.Text("red"), null, 2, 0, null,
                new RankingRequest(SearchMode.HYBRID, 0.0, 0.0))))
                .isInstanceOfSatisfying(InvalidModeException.class,
                        e -> assertThat(e.field()).isEqualTo("keywordWeight"));
    }

    @Test
    void aHybridSearchRanksItsPositiveTextTermsAndKeepsItsModeAcrossPages() throws Exception {
        ranksText = true;
        SearchQuery query = service.queries().parse("red -blue");

        SearchPage first = service.search(new SearchRequest(query, null, 2, 0, null,
                new RankingRequest(SearchMode.HYBRID, 1.0, 3.0)));
        SearchPage second = service.search(new SearchRequest(null, null, 2, 2, first.searchId(), null));
        SearchPage keyword = service.search(new SearchRequest(new SearchQuery.Text("red"), null, 5, 0, null,
                new RankingRequest(SearchMode.KEYWORD, null, null)));

        assertThat(first.mode()).isEqualTo(SearchMode.HYBRID);
        assertThat(second.mode()).isEqualTo(SearchMode.HYBRID);
        // The keyword leg has only img-red; weighted 3 to 1 it comes first.
        assertThat(first.hits().getFirst().imageId()).isEqualTo("img-red");
        assertThat(keywordCalls).containsOnly("red");
        assertThat(second.hits()).extracting(Hit::rank).containsExactly(3, 4);
        assertThat(first.hits()).extracting(Hit::imageId).doesNotContainAnyElementsOf(
                second.hits().stream().map(Hit::imageId).toList());
        assertThat(keyword.hits()).extracting(Hit::imageId).containsExactly("img-red");
        assertThatThrownBy(() -> service.search(new SearchRequest(null, null, 2, 2, first.searchId(),
                new RankingRequest(SearchMode.VECTOR, null, null))))
                .isInstanceOfSatisfying(QueryMismatchException.class, e -> assertThat(e.field()).isEqualTo("mode"));
    }

    @Test
    void aTextSearchIsWhollyTheActiveVersion() throws Exception {
        active = v1;

        SearchPage page = service.search(new SearchRequest(new SearchQuery.Text("red"), null, 3, 0, null));

        assertThat(page.model()).isSameAs(v1);
        float[] query = v1.adapters().text().apply(texts.get("red"));
        assertThat(page.hits()).hasSize(3);
        for (Hit hit : page.hits()) {
            double expected = Vectors.dot(query, v1.adapters().image().apply(images.get(hit.imageId())));
            assertThat(hit.score()).as(hit.imageId()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(page.hits()).extracting(Hit::rank).containsExactly(1, 2, 3);
        assertThat(page.hits()).extracting(Hit::thumbnailUrl).first().asString().startsWith("/v1/images/");
        SearchImpression logged = impressions.getFirst();
        assertThat(logged.modelVersion()).isEqualTo(1);
        assertThat(logged.collection()).isEqualTo(v1.collection());
        assertThat(logged.shown()).extracting(SearchImpression.Shown::imageId)
                .containsExactlyElementsOf(page.hits().stream().map(Hit::imageId).toList());
    }

    @Test
    void laterPagesKeepTheirVersionAndRanksAcrossASwitch() throws Exception {
        SearchPage first = service.search(new SearchRequest(new SearchQuery.Text("blue"), null, 2, 0, null));
        active = v1;

        SearchPage second = service.search(new SearchRequest(new SearchQuery.Text("blue"), null, 2, 2,
                first.searchId()));

        assertThat(second.model()).isSameAs(v0);
        assertThat(second.hits()).extracting(Hit::rank).containsExactly(3, 4);
        List<String> all = service.search(new SearchRequest(new SearchQuery.Text("blue"), null, 4, 0,
                first.searchId())).hits().stream().map(Hit::imageId).toList();
        assertThat(second.hits()).extracting(Hit::imageId).containsExactlyElementsOf(all.subList(2, 4));
    }

    @Test
    void collapsedPagesAreFilledFromFurtherDownAndAGroupNeverShowsTwice() throws Exception {
        List<String> plain = service.search(new SearchRequest(new SearchQuery.Text("red"), null, 5, 0, null))
                .hits().stream().map(Hit::imageId).toList();
        // The best and the fourth hit are one near group; the second and third are not grouped.
        nearGroups.put(plain.get(0), "g");
        nearGroups.put(plain.get(3), "g");

        SearchPage first = service.search(new SearchRequest(new SearchQuery.Text("red"), null, 2, 0, null, null,
                DuplicateTier.NEAR));
        SearchPage second = service.search(new SearchRequest(null, null, 2, 2, first.searchId()));

        assertThat(first.hits()).extracting(Hit::imageId).containsExactly(plain.get(0), plain.get(1));
        assertThat(second.hits()).extracting(Hit::imageId).containsExactly(plain.get(2), plain.get(4));
        assertThat(second.hits()).extracting(Hit::rank).containsExactly(3, 4);
        assertThat(second.hasMore()).as("five images, one of them collapsed").isFalse();
        assertThat(service.search(new SearchRequest(new SearchQuery.Text("red"), null, 5, 0, null, null,
                DuplicateTier.EXACT)).hits()).extracting(Hit::imageId).containsExactlyElementsOf(plain);
        assertThatThrownBy(() -> service.search(new SearchRequest(null, null, 2, 2, first.searchId(), null,
                DuplicateTier.EXACT))).isInstanceOfSatisfying(QueryMismatchException.class,
                        e -> assertThat(e.field()).isEqualTo("collapse"));
    }

    @Test
    void aContinuationNeedsAKnownSearchOfTheSameQuery() throws Exception {
        SearchPage first = service.search(new SearchRequest(new SearchQuery.Text("red"), null, 2, 0, null));

        assertThatThrownBy(() -> service.search(new SearchRequest(null, null, 2, 2, "no-such-search")))
                .isInstanceOfSatisfying(UnknownSearchException.class,
                        e -> assertThat(e.searchId()).isEqualTo("no-such-search"))
                .hasMessageContaining("start a new search");
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.Text("blue"), null, 2, 2,
                first.searchId()))).isInstanceOfSatisfying(QueryMismatchException.class,
                        e -> assertThat(e.field()).isEqualTo("q"));
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.SimilarTo("img-red"), null, 2, 2,
                first.searchId()))).isInstanceOfSatisfying(QueryMismatchException.class,
                        e -> assertThat(e.field()).isEqualTo("imageId"));
    }

    @Test
    void filtersAreCheckedBeforeAnythingIsEmbeddedAndStoreRefusalsNameTheFilter() {
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.Text("red"),
                Map.of("camera", "x100"), 2, 0, null))).isInstanceOfSatisfying(InvalidFilterException.class,
                        e -> assertThat(e.field()).isEqualTo("filter.camera"));
        assertThat(impressions).isEmpty();

        refuseFilters = true;
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.Text("red"),
                Map.of("lens", "wide"), 2, 0, null))).isInstanceOfSatisfying(InvalidFilterException.class,
                        e -> assertThat(e.field()).isEqualTo("filter"));
    }

    @Test
    void moreLikeThisLeavesTheImageOutAndNeedsItIndexed() throws Exception {
        SearchPage page = service.search(new SearchRequest(new SearchQuery.SimilarTo("img-blue"), null, 2, 0,
                null));

        assertThat(page.hits()).extracting(Hit::imageId).containsExactly("img-navy", "img-grey");
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.SimilarTo("img-gone"), null, 2,
                0, null))).isInstanceOfSatisfying(ImageNotIndexedException.class,
                        e -> assertThat(e.imageId()).isEqualTo("img-gone"));
    }

    @Test
    void anUndecodableUploadSaysWhy() {
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.Upload("abc", new byte[] {1}),
                null, 2, 0, null))).isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageDecodeException.Reason.TOO_LARGE))
                .hasMessageContaining("31 MB");
    }

    @Test
    void hasMoreSaysWhetherTheNextPageHoldsAnything() throws Exception {
        assertThat(service.search(new SearchRequest(new SearchQuery.Text("red"), null, 4, 0, null)).hasMore())
                .as("4 of 5 images").isTrue();
        assertThat(service.search(new SearchRequest(new SearchQuery.Text("red"), null, 5, 0, null)).hasMore())
                .as("all 5 on a full page").isFalse();
        SearchPage similar = service.search(new SearchRequest(new SearchQuery.SimilarTo("img-red"), null, 2, 2,
                null));
        assertThat(similar.hits()).as("4 others").hasSize(2);
        assertThat(similar.hasMore()).isFalse();
        nearGroups.put("img-blue", "g");
        nearGroups.put("img-navy", "g");
        SearchPage collapsed = service.search(new SearchRequest(new SearchQuery.Text("red"), null, 2, 2, null, null,
                DuplicateTier.NEAR));
        assertThat(collapsed.hits()).as("4 groups").hasSize(2);
        assertThat(collapsed.hasMore()).isFalse();
    }

    @Test
    void aVersionWithNothingIndexedYetAnswersAnEmptyPage() throws Exception {
        active = new ActiveModel(MODEL, 2, CollectionSpec.nameFor(MODEL, 2), VersionAdapters.base(MODEL, DIMS),
                Instant.EPOCH);

        SearchPage page = service.search(new SearchRequest(new SearchQuery.Text("red"), null, 2, 0, null));

        assertThat(page.hits()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void aWeightedQueryCombinesItsTermsAfterTheVersionsAdaptersAndNormalises() throws Exception {
        active = v1;
        SearchQuery query = service.queries().parse("red -blue:0.5 +grey:0.25");

        SearchPage page = service.search(new SearchRequest(query, null, 5, 0, null));

        float[] red = v1.adapters().text().apply(texts.get("red"));
        float[] blue = v1.adapters().text().apply(texts.get("blue"));
        float[] grey = v1.adapters().text().apply(texts.get("grey"));
        float[] expected = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            expected[i] = red[i] - 0.5f * blue[i] + 0.25f * grey[i];
        }
        Vectors.normalizeInPlace(expected);
        assertThat(page.hits()).hasSize(5);
        for (Hit hit : page.hits()) {
            double score = Vectors.dot(expected, v1.adapters().image().apply(images.get(hit.imageId())));
            assertThat(hit.score()).as(hit.imageId()).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(textCalls).as("the three texts in one call").containsExactly(List.of("red", "blue", "grey"));
        // Combining base vectors and adapting the sum would differ: the adapter is not linear.
        float[] adaptedSum = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            adaptedSum[i] = texts.get("red")[i] - 0.5f * texts.get("blue")[i] + 0.25f * texts.get("grey")[i];
        }
        adaptedSum = v1.adapters().text().apply(adaptedSum);
        assertThat(Vectors.dot(adaptedSum, expected)).isLessThan(0.9999);
    }

    @Test
    void imageTermsUseTheStoredVectorsAndAreLeftOutOfTheResults() throws Exception {
        SearchQuery query = service.queries().list(List.of(
                new SearchQuery.Term(new SearchQuery.SimilarTo("img-blue"), 1, null),
                new SearchQuery.Term(new SearchQuery.Text("red"), 0.5, null),
                new SearchQuery.Term(new SearchQuery.SimilarTo("img-navy"), -1, null)));

        SearchPage page = service.search(new SearchRequest(query, null, 3, 0, null));

        float[] expected = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            expected[i] = images.get("img-blue")[i] + 0.5f * texts.get("red")[i] - images.get("img-navy")[i];
        }
        Vectors.normalizeInPlace(expected);
        assertThat(page.hits()).extracting(Hit::imageId).doesNotContain("img-blue", "img-navy").hasSize(3);
        for (Hit hit : page.hits()) {
            assertThat(hit.score()).isCloseTo(Vectors.dot(expected, images.get(hit.imageId())),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        SearchPage second = service.search(new SearchRequest(query, null, 2, 2, page.searchId()));
        assertThat(second.hits()).extracting(Hit::rank).containsExactly(3);
        assertThat(second.hits().getFirst().imageId()).isEqualTo(page.hits().get(2).imageId());

        assertThatThrownBy(() -> service.search(new SearchRequest(service.queries().list(List.of(
                new SearchQuery.Term(new SearchQuery.Text("red"), 1, null),
                new SearchQuery.Term(new SearchQuery.SimilarTo("img-gone"), -1, null))), null, 2, 0, null)))
                .isInstanceOfSatisfying(ImageNotIndexedException.class, e -> {
                    assertThat(e.imageId()).isEqualTo("img-gone");
                    assertThat(e.term()).isEqualTo(1);
                });
        assertThatThrownBy(() -> service.search(new SearchRequest(service.queries().list(List.of(
                new SearchQuery.Term(new SearchQuery.Text("red"), 1, null),
                new SearchQuery.Term(new SearchQuery.Upload("ab", new byte[] {1}), -1, null))), null, 2, 0, null)))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.term()).isEqualTo(1));
    }

    @Test
    void termsThatCancelOutAreRefused() {
        assertThatThrownBy(() -> service.search(new SearchRequest(service.queries().parse("red -red"), null, 2, 0,
                null))).isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                    assertThat(e.syntax()).isTrue();
                    assertThat(e.term()).isNull();
                }).hasMessageContaining("cancel out");
        assertThat(impressions).isEmpty();
    }

    @Test
    void aWeightedSearchIsLoggedWithItsTermsAndTheTextItsClicksTrainOn() throws Exception {
        SearchPage page = service.search(new SearchRequest(service.queries().parse("red -blue +grey:0.5"), null, 2,
                0, null));

        SearchImpression logged = impressions.getFirst();
        assertThat(logged.searchId()).isEqualTo(page.searchId());
        assertThat(logged.queryText()).isEqualTo("red grey");
        assertThat(logged.terms()).containsExactly(new SearchImpression.Term("red", null, null, 1),
                new SearchImpression.Term("blue", null, null, -1), new SearchImpression.Term("grey", null, null, 0.5));
        assertThat(logged.queryImageId()).isNull();
    }

    @Test
    void aWeightedSearchContinuesOnlyWithTheSameTerms() throws Exception {
        SearchPage first = service.search(new SearchRequest(service.queries().parse("red -blue"), null, 2, 0, null));

        SearchPage second = service.search(new SearchRequest(service.queries().parse("red  -blue"), null, 2, 2,
                first.searchId()));
        assertThat(second.hits()).extracting(Hit::rank).containsExactly(3, 4);
        assertThat(textCalls).as("a continued page reuses the vector").hasSize(1);

        assertThatThrownBy(() -> service.search(new SearchRequest(service.queries().parse("red -blue:2"), null, 2, 2,
                first.searchId()))).isInstanceOfSatisfying(QueryMismatchException.class,
                        e -> assertThat(e.field()).isEqualTo("q"));
        assertThatThrownBy(() -> service.search(new SearchRequest(new SearchQuery.Text("red"), null, 2, 2,
                first.searchId()))).isInstanceOf(QueryMismatchException.class);
        assertThatThrownBy(() -> service.search(new SearchRequest(service.queries().list(List.of(
                new SearchQuery.Term(new SearchQuery.Text("red"), 1, null),
                new SearchQuery.Term(new SearchQuery.Text("grey"), -1, null))), null, 2, 2, first.searchId())))
                .isInstanceOfSatisfying(QueryMismatchException.class, e -> assertThat(e.field()).isEqualTo("terms"));
    }

    private static QueryConfig config(Map<String, String> extra) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "clipstream.model.dir", "target/no-model",
                "clipstream.model.id", MODEL));
        properties.putAll(extra);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(QueryConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(QueryConfig.class);
    }

    private static ResidualAdapter adapter(long seed) {
        Random random = new Random(seed);
        float[] w = new float[DIMS * DIMS];
        float[] b = new float[DIMS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() / 2);
        }
        return new ResidualAdapter(DIMS, w, b, 1f);
    }

    private static float[] unit(float... v) {
        return Vectors.normalizeInPlace(v);
    }
}
