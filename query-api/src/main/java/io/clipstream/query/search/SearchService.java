package io.clipstream.query.search;

import io.clipstream.events.SearchImpression;
import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.query.config.QueryConfig;
import io.clipstream.query.embed.ImageEmbedder;
import io.clipstream.query.embed.TextEmbedder;
import io.clipstream.query.feedback.SearchEvents;
import io.clipstream.query.version.ActiveModel;
import io.clipstream.query.version.ActiveModelHolder;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a search: pins a model version (the active one, or the one of the search being continued), embeds the
 * query with that version's adapter, searches that version's collection, remembers what was shown at which rank
 * and logs the impression.
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

    private FilterParser filters;
    private Timer textEncode;
    private Timer imageEncode;
    private Timer storeSearch;

    @PostConstruct
    void start() {
        filters = new FilterParser(config.search().filterFields());
        textEncode = timer("clipstream.query.encode", "text", "Query embedding time (cache hits included)");
        imageEncode = timer("clipstream.query.encode", "image", "Query embedding time (cache hits included)");
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

    public SearchPage search(SearchRequest request) throws InterruptedException {
        SearchSession session;
        long encodeNanos = 0;
        if (request.searchId() != null) {
            session = continued(request);
        } else {
            Filter filter = filters.parse(request.filter());
            ActiveModel model = active.current();
            long start = System.nanoTime();
            float[] vector = embed(request.query(), model);
            encodeNanos = System.nanoTime() - start;
            (request.query() instanceof SearchQuery.Text ? textEncode : imageEncode)
                    .record(encodeNanos, TimeUnit.NANOSECONDS);
            SearchQuery kept = request.query() instanceof SearchQuery.Upload upload
                    ? new SearchQuery.Upload(upload.sha256(), null) : request.query();
            session = new SearchSession(SearchSessions.newId(), kept, request.filter(), filter, model, vector,
                    Map.of());
        }
        long start = System.nanoTime();
        List<SearchHit> found = find(session, request.k(), request.offset());
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
        boolean hasMore = hits.size() == request.k() && request.offset() + request.k() < config.search().maxDepth();
        SearchPage page = new SearchPage(session.searchId(), session.query(), session.model(), request.k(),
                request.offset(), hasMore, hits, encodeNanos, searchNanos);
        events.impression(impression(session, page));
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
        return session;
    }

    private float[] embed(SearchQuery query, ActiveModel model) throws InterruptedException {
        return switch (query) {
            case SearchQuery.Text text -> model.adapters().text().apply(textEmbedder.embed(text.text()));
            case SearchQuery.SimilarTo similar -> indexedVector(similar.imageId(), model);
            case SearchQuery.Upload upload -> {
                try {
                    yield model.adapters().image().apply(imageEmbedder.embed(upload.bytes()));
                } catch (ImageDecodeException e) {
                    throw new InvalidImageException(e);
                }
            }
        };
    }

    /** The stored vector is already in the version's space: the projector applied the image adapter. */
    private float[] indexedVector(String imageId, ActiveModel model) {
        List<VectorRecord> records = store.get(model.collection(), List.of(imageId));
        if (records.isEmpty()) {
            throw new ImageNotIndexedException(imageId, "image " + imageId + " is not in the index of "
                    + model.baseModelId() + " v" + model.version());
        }
        return records.getFirst().vector();
    }

    /**
     * Hits {@code offset+1 .. offset+k}. For "more like this" the query image is left out of the ranking; as its
     * position is unknown, the top {@code offset+k+1} are fetched and the page cut after removing it, which keeps
     * ranks stable across pages (bounded by max-depth).
     */
    private List<SearchHit> find(SearchSession session, int k, int offset) {
        try {
            if (session.query() instanceof SearchQuery.SimilarTo similar) {
                List<SearchHit> top = new ArrayList<>(store.search(session.model().collection(), session.vector(),
                        offset + k + 1, 0, session.filter()));
                top.removeIf(h -> h.id().equals(similar.imageId()));
                return top.subList(Math.min(offset, top.size()), Math.min(offset + k, top.size()));
            }
            return store.search(session.model().collection(), session.vector(), k, offset, session.filter());
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

    private static SearchImpression impression(SearchSession session, SearchPage page) {
        List<SearchImpression.Shown> shown = page.hits().stream()
                .map(h -> new SearchImpression.Shown(h.imageId(), h.rank(), h.score())).toList();
        String text = session.query() instanceof SearchQuery.Text t ? t.text() : null;
        String imageId = session.query() instanceof SearchQuery.SimilarTo s ? s.imageId() : null;
        String upload = session.query() instanceof SearchQuery.Upload u ? u.sha256() : null;
        Map<String, Object> filter = session.rawFilter() == null || session.rawFilter().isEmpty() ? null
                : new HashMap<>(session.rawFilter());
        return new SearchImpression(session.searchId(), text, imageId, upload, filter,
                session.model().baseModelId(), session.model().version(), session.model().collection(), page.page(),
                page.offset(), page.k(), shown, Instant.now());
    }
}
