package io.clipstream.query.search;

import io.clipstream.events.DuplicateTier;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.query.embed.ImageEmbedder;
import io.clipstream.query.embed.TextEmbedder;
import io.clipstream.query.feedback.Impressions;
import io.clipstream.query.feedback.SearchEvents;
import io.clipstream.query.version.ActiveModel;
import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.filter.Filter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a search: pins a model version (the active one, or the one of the search being continued), embeds the
 * query with that version's adapters ({@link QueryVectors}), searches that version's collection, remembers what
 * was shown at which rank and logs the impression.
 */
@ApplicationScoped
public class SearchService {

    @Inject
    QueryConfig config;

    @Inject
    ActiveModelHolder active;

    @Inject
    TextEmbedder textEmbedder;

    @Inject
    ImageEmbedder imageEmbedder;

    @Inject
    VectorStore store;

    @Inject
    SearchSessions sessions;

    @Inject
    SearchEvents events;

    @Inject
    MeterRegistry registry;

    @Inject
    DuplicateGroups duplicates;

    private FilterParser filters;
    private QueryTerms queries;
    private QueryVectors vectors;
    private KeywordRanker ranker;
    private Timer textEncode;
    private Timer imageEncode;
    private Timer weightedEncode;
    private Timer storeSearch;

    @PostConstruct
    void start() {
        QueryConfig.Search search = config.search();
        filters = new FilterParser(search.filterFields());
        queries = new QueryTerms(new QueryTerms.Limits(search.maxTerms(), search.maxTermWeight(),
                search.maxTextChars()));
        vectors = new QueryVectors(textEmbedder, imageEmbedder, store);
        ranker = new KeywordRanker(store, search);
        textEncode = timer("clipstream.query.encode", "text", "Query embedding time (cache hits included)");
        imageEncode = timer("clipstream.query.encode", "image", "Query embedding time (cache hits included)");
        weightedEncode = timer("clipstream.query.encode", "weighted", "Query embedding time (cache hits included)");
        storeSearch = Timer.builder("clipstream.query.search").description("Vector store search time")
                .publishPercentileHistogram().register(registry);
    }

    private Timer timer(String name, String kind, String description) {
        return Timer.builder(name).tag("kind", kind).description(description).publishPercentileHistogram()
                .register(registry);
    }

    public FilterParser filters() {
        return filters;
    }

    /** Reads the search syntax and lists of terms into queries, within the configured limits. */
    public QueryTerms queries() {
        return queries;
    }

    public SearchPage search(SearchRequest request) throws InterruptedException {
        SearchSession session;
        long encodeNanos = 0;
        if (request.searchId() != null) {
            session = continued(request);
        } else {
            Filter filter = filters.parse(request.filter());
            SessionRanking ranking = ranker.forQuery(request.ranking(), request.query());
            ActiveModel model = active.current();
            long start = System.nanoTime();
            float[] vector = vectors.embed(request.query(), model);
            encodeNanos = System.nanoTime() - start;
            Timer encode = switch (request.query()) {
                case SearchQuery.Text t -> textEncode;
                case SearchQuery.SimilarTo s -> imageEncode;
                case SearchQuery.Upload u -> imageEncode;
                case SearchQuery.Weighted w -> weightedEncode;
            };
            encode.record(encodeNanos, TimeUnit.NANOSECONDS);
            SearchQuery kept = switch (request.query()) {
                case SearchQuery.Upload upload -> new SearchQuery.Upload(upload.sha256(), null);
                case SearchQuery.Weighted weighted -> weighted.withoutBytes();
                default -> request.query();
            };
            session = new SearchSession(SearchSessions.newId(), kept, request.filter(), filter, model, vector,
                    Map.of(), ranking, request.collapse());
        }
        long start = System.nanoTime();
        // One hit more than the page: whether another page has anything is then known, not guessed.
        List<SearchHit> found = find(session, request.k() + 1, request.offset());
        boolean more = found.size() > request.k();
        if (more) {
            found = found.subList(0, request.k());
        }
        long searchNanos = System.nanoTime() - start;
        storeSearch.record(searchNanos, TimeUnit.NANOSECONDS);

        List<Hit> hits = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            SearchHit h = found.get(i);
            int rank = request.offset() + i + 1;
            hits.add(new Hit(rank, h.id(), h.similarity(), h.url(), thumbnailUrl(h), h.contentType(), h.metadata(),
                    h.eventTimeMs() > 0 ? Instant.ofEpochMilli(h.eventTimeMs()) : null));
            session.shownByRank().put(rank, h.id());
        }
        sessions.put(session);
        boolean hasMore = more && request.offset() + request.k() < config.search().maxDepth();
        SearchPage page = new SearchPage(session.searchId(), session.query(), session.model(), request.k(),
                request.offset(), hasMore, hits, encodeNanos, searchNanos, session.ranking().mode());
        events.impression(Impressions.of(session, page));
        return page;
    }

    private SearchSession continued(SearchRequest request) {
        SearchSession session = sessions.find(request.searchId()).orElseThrow(() -> new UnknownSearchException(
                request.searchId(), "search " + request.searchId() + " is unknown or expired; start a new search"));
        if (request.query() instanceof SearchQuery.Text text && !(session.query() instanceof SearchQuery.Text same
                && same.text().equals(text.text()))) {
            throw new QueryMismatchException("q", "searchId " + request.searchId() + " belongs to a different query; "
                    + "leave out searchId to start a new search");
        }
        if (request.query() instanceof SearchQuery.SimilarTo similar
                && !(session.query() instanceof SearchQuery.SimilarTo same && same.imageId().equals(similar.imageId()))) {
            throw new QueryMismatchException("imageId", "searchId " + request.searchId() + " belongs to a different query");
        }
        if (request.query() instanceof SearchQuery.Weighted weighted
                && !(session.query() instanceof SearchQuery.Weighted same && same.sameTerms(weighted))) {
            throw new QueryMismatchException(weighted.syntax() ? "q" : "terms", "searchId " + request.searchId()
                    + " belongs to a different query; leave out searchId to start a new search");
        }
        if (request.collapse() != null && request.collapse() != session.collapse()) {
            throw new QueryMismatchException("collapse", "searchId " + request.searchId() + " was searched "
                    + (session.collapse() == null ? "without collapse" : "with collapse="
                    + session.collapse().name().toLowerCase(Locale.ROOT)) + "; leave out searchId to search with "
                    + "another");
        }
        if (request.ranking() != null && request.ranking().mode() != session.ranking().mode()) {
            throw new QueryMismatchException("mode", "searchId " + request.searchId() + " was searched with mode "
                    + session.ranking().mode().apiName() + "; leave out searchId to search with another mode");
        }
        return session;
    }

    /**
     * Hits {@code offset+1 .. offset+k}. The indexed images the query names ("more like this", image terms) are
     * left out of the ranking, and with collapse every duplicate group but its best-ranked member; as how many go
     * is not known beforehand, the top of the ranking is fetched from its first hit, deeper until a full page is
     * left or the ranking ends, and the page cut from what is left: ranks stay stable across pages and a collapsed
     * group never shows again on a later page (bounded by max-depth).
     */
    private List<SearchHit> find(SearchSession session, int k, int offset) {
        try {
            Set<String> excluded = session.query().queryImages();
            DuplicateTier collapse = session.collapse();
            if (excluded.isEmpty() && collapse == null) {
                return ranker.rank(session, k, offset);
            }
            int wanted = offset + k;
            int deepest = Math.max(config.search().maxDepth(), wanted) + excluded.size();
            int depth = wanted + excluded.size();
            while (true) {
                List<SearchHit> top = ranker.rank(session, depth, 0);
                List<SearchHit> left = new ArrayList<>(top);
                left.removeIf(h -> excluded.contains(h.id()));
                if (collapse != null) {
                    left = DuplicateCollapse.collapse(left, collapse, duplicates);
                }
                if (left.size() >= wanted || top.size() < depth || depth >= deepest) {
                    return left.subList(Math.min(offset, left.size()), Math.min(wanted, left.size()));
                }
                depth = Math.min(deepest, 2 * depth);
            }
        } catch (IllegalArgumentException e) {
            // The store refuses a filter value it cannot represent (e.g. a sub-millisecond time to match exactly).
            throw new InvalidFilterException("filter", e.getMessage());
        } catch (VectorStoreException e) {
            if (!e.retryable() && !store.collectionExists(session.model().collection())) {
                // Nothing indexed yet for this version: an empty result, not an error.
                return List.of();
            }
            throw e;
        }
    }

    private static String thumbnailUrl(SearchHit hit) {
        String url = hit.url() == null ? "" : hit.url().toLowerCase(Locale.ROOT);
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return hit.url();
        }
        return "/v1/images/" + URLEncoder.encode(hit.id(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/thumbnail";
    }
}
