package io.clipstream.store.milvus;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.clipstream.store.CollectionSpec;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreException;
import io.clipstream.store.filter.Filter;
import io.clipstream.store.keyword.KeywordSearchUnsupportedException;
import io.clipstream.store.keyword.TextFields;
import io.milvus.exception.ParamException;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.utility.request.AlterAliasReq;
import io.milvus.v2.service.utility.request.CreateAliasReq;
import io.milvus.v2.service.utility.request.DescribeAliasReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.EmbeddedText;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The store port on Milvus through the V2 Java client. Collections have the image id as VarChar primary key,
 * a float vector with an HNSW index on cosine similarity, and url, content type, metadata (JSON) and times.
 * Reads use strong consistency so that a caller sees its own acknowledged writes.
 */
public final class MilvusVectorStore implements VectorStore {

    private static final Logger LOG = Logger.getLogger(MilvusVectorStore.class);
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();
    private static final Type METADATA = new TypeToken<Map<String, Object>>() { }.getType();

    /** Query vectors per search request of {@link #searchEach}; Milvus takes at most 16384 (its nq limit). */
    static final int MAX_QUERY_VECTORS = 1024;
    static final String ID = "id";
    static final String VECTOR = "vector";
    static final String URL = "url";
    static final String CONTENT_TYPE = "content_type";
    static final String METADATA_FIELD = "metadata";
    static final String EVENT_TIME = "event_time";
    static final String INDEXED_TIME = "indexed_time";
    private static final List<String> SCALARS = List.of(ID, URL, CONTENT_TYPE, METADATA_FIELD, EVENT_TIME);
    private static final int MAX_ID = 512;
    private static final int MAX_URL = 4096;
    private static final int QUERY_PAGE = 16_384;

    private final MilvusSettings settings;
    private final Object probeLock = new Object();
    private volatile MilvusClientV2 connected;
    private MilvusClientV2 probe;
    /** The text fields of each collection seen, as its schema says; empty for one without keyword search. */
    private final Map<String, List<String>> textFields = new ConcurrentHashMap<>();
    private volatile Boolean serverRanksText;

    /** Connects lazily, on the first call: a store that is down at start-up is an outage like any other. */
    public MilvusVectorStore(MilvusSettings settings) {
        this.settings = settings;
    }

    private MilvusClientV2 client() {
        MilvusClientV2 client = connected;
        if (client == null) {
            synchronized (this) {
                if (connected == null) {
                    connected = connect(settings.connectTimeoutMs(), settings.rpcDeadlineMs());
                }
                client = connected;
            }
        }
        return client;
    }

    /**
     * A client whose calls end after {@code rpcDeadlineMs}, the SDK's own retries (rate limits, dropped
     * connections) included, so that a caller's retry policy, not the SDK's, decides what happens next.
     */
    private MilvusClientV2 connect(long connectTimeoutMs, long rpcDeadlineMs) {
        ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder()
                .uri(settings.uri())
                .connectTimeoutMs(connectTimeoutMs)
                .rpcDeadlineMs(rpcDeadlineMs);
        if (settings.token() != null && !settings.token().isBlank()) {
            config.token(settings.token());
        }
        if (settings.database() != null && !settings.database().isBlank()) {
            config.dbName(settings.database());
        }
        MilvusClientV2 client = new MilvusClientV2(config.build());
        client.retryConfig(RetryConfig.builder().maxRetryTimeoutMs(rpcDeadlineMs).build());
        return client;
    }

    @Override
    public void ensureCollection(CollectionSpec spec) {
        String name = spec.name();
        call("create collection " + name, () -> {
            if (!client().hasCollection(HasCollectionReq.builder().collectionName(name).build())) {
                CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
                schema.addField(AddFieldReq.builder().fieldName(ID).dataType(DataType.VarChar).maxLength(MAX_ID)
                        .isPrimaryKey(true).autoID(false).build());
                schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector)
                        .dimension(spec.dims()).build());
                schema.addField(AddFieldReq.builder().fieldName(URL).dataType(DataType.VarChar).maxLength(MAX_URL)
                        .build());
                schema.addField(AddFieldReq.builder().fieldName(CONTENT_TYPE).dataType(DataType.VarChar)
                        .maxLength(128).build());
                schema.addField(AddFieldReq.builder().fieldName(METADATA_FIELD).dataType(DataType.JSON).build());
                schema.addField(AddFieldReq.builder().fieldName(EVENT_TIME).dataType(DataType.Int64).build());
                schema.addField(AddFieldReq.builder().fieldName(INDEXED_TIME).dataType(DataType.Int64).build());
                CreateCollectionReq.CreateCollectionReqBuilder create = CreateCollectionReq.builder()
                        .collectionName(name).collectionSchema(schema).consistencyLevel(ConsistencyLevel.STRONG);
                if (!spec.textFields().isEmpty()) {
                    if (serverRanksText()) {
                        MilvusTextIndex.addTo(schema, spec.textFields());
                        create.property(MilvusTextIndex.TEXT_FIELDS_PROPERTY,
                                MilvusTextIndex.property(spec.textFields()));
                    } else {
                        LOG.warnf("Milvus at %s has no BM25 full-text search (2.5 or later has): collection %s is "
                                + "created without keyword search on %s", settings.uri(), name, spec.textFields());
                    }
                }
                client().createCollection(create.build());
                LOG.infof("created Milvus collection %s (%d-d, HNSW, cosine)", name, spec.dims());
            }
            // Also for a collection that exists: a creator that died between the two calls (or another replica
            // still creating it) leaves it without an index, and Milvus 2.3 refuses to load that ("index not found";
            // Milvus Lite loads it). Creating the same index again is a no-op on Milvus.
            if (client().listIndexes(ListIndexesReq.builder().collectionName(name).fieldName(VECTOR).build())
                    .isEmpty()) {
                // sync(false): a synchronous index build waits on AllocTimestamp, which Milvus Lite lacks.
                client().createIndex(CreateIndexReq.builder().collectionName(name).sync(false)
                        .indexParams(List.of(IndexParam.builder().fieldName(VECTOR)
                                .indexType(IndexParam.IndexType.HNSW).metricType(IndexParam.MetricType.COSINE)
                                // Milvus 2.3 refuses an HNSW index without them ("efConstruction out of range").
                                .extraParams(Map.of("M", settings.hnswM(),
                                        "efConstruction", settings.hnswEfConstruction()))
                                .build()))
                        .build());
            }
            textFields.remove(name);
            if (!textFields(name).isEmpty() && client().listIndexes(ListIndexesReq.builder().collectionName(name)
                    .fieldName(MilvusTextIndex.SPARSE).build()).isEmpty()) {
                client().createIndex(CreateIndexReq.builder().collectionName(name).sync(false)
                        .indexParams(List.of(MilvusTextIndex.index())).build());
            }
            load(name);
            return null;
        });
    }

    private boolean serverRanksText() {
        Boolean ranks = serverRanksText;
        if (ranks == null) {
            String version = client().getServerVersion();
            ranks = MilvusTextIndex.serverRanksText(version);
            LOG.infof("Milvus at %s is %s: %s", settings.uri(), version,
                    ranks ? "BM25 full-text search available" : "no BM25 full-text search");
            serverRanksText = ranks;
        }
        return ranks;
    }

    /** The text fields {@code collection} was created with, from its schema (read once). */
    private List<String> textFields(String collection) {
        return textFields.computeIfAbsent(collection, c -> MilvusTextIndex.textFields(client().describeCollection(
                DescribeCollectionReq.builder().collectionName(c).build())));
    }

    @Override
    public boolean supportsKeywordSearch(String collection) {
        return call("describe collection " + collection, () -> !textFields(collection).isEmpty());
    }

    @Override
    public List<SearchHit> keywordSearch(String collection, String text, int limit, int offset, Filter filter) {
        String expression = MilvusFilterCompiler.compile(filter);
        if (!supportsKeywordSearch(collection)) {
            throw new KeywordSearchUnsupportedException(collection, "collection " + collection + " on Milvus at "
                    + settings.uri() + " has no keyword index (created without text fields, or on a server "
                    + "before 2.5)");
        }
        if (text == null || text.isBlank() || limit == 0) {
            return List.of();
        }
        SearchReq.SearchReqBuilder request = SearchReq.builder().collectionName(collection)
                .annsField(MilvusTextIndex.SPARSE).metricType(IndexParam.MetricType.BM25)
                .data(List.of(new EmbeddedText(text))).limit(limit).offset(offset).outputFields(SCALARS)
                .consistencyLevel(ConsistencyLevel.STRONG);
        if (!expression.isEmpty()) {
            request.filter(expression);
        }
        SearchResp response = onLoaded(collection, "keyword search " + collection,
                () -> client().search(request.build()));
        List<SearchHit> hits = new ArrayList<>();
        for (SearchResp.SearchResult r : response.getSearchResults().getFirst()) {
            Map<String, Object> e = r.getEntity();
            // Milvus Lite answers BM25 scores negated (best first still); Milvus 2.5 as they are.
            hits.add(new SearchHit(String.valueOf(r.getId()), Math.abs(r.getScore()), (String) e.get(URL),
                    (String) e.get(CONTENT_TYPE), metadata(e.get(METADATA_FIELD)), asLong(e.get(EVENT_TIME))));
        }
        return hits;
    }

    @Override
    public boolean collectionExists(String collection) {
        return call("look up collection " + collection,
                () -> client().hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
    }

    @Override
    public List<String> listCollections() {
        return call("list collections", () -> client().listCollections().getCollectionNames());
    }

    @Override
    public void dropCollection(String collection) {
        call("drop collection " + collection, () -> {
            textFields.remove(collection);
            client().dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            return null;
        });
    }

    @Override
    public void upsert(String collection, List<VectorRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<String> keys = call("describe collection " + collection, () -> textFields(collection));
        List<JsonObject> rows = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            JsonObject row = new JsonObject();
            row.addProperty(ID, r.id());
            JsonArray vector = new JsonArray(r.vector().length);
            for (float v : r.vector()) {
                vector.add(v);
            }
            row.add(VECTOR, vector);
            row.addProperty(URL, r.url());
            row.addProperty(CONTENT_TYPE, r.contentType());
            row.add(METADATA_FIELD, GSON.toJsonTree(r.metadata()));
            row.addProperty(EVENT_TIME, r.eventTimeMs());
            row.addProperty(INDEXED_TIME, r.indexedTimeMs());
            if (!keys.isEmpty()) {
                row.addProperty(MilvusTextIndex.TEXT, MilvusTextIndex.fitted(TextFields.text(r.metadata(), keys)));
            }
            rows.add(row);
        }
        onLoaded(collection, "upsert " + records.size() + " rows into " + collection, () ->
                client().upsert(UpsertReq.builder().collectionName(collection).data(rows).build()));
    }

    @Override
    public void delete(String collection, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        onLoaded(collection, "delete " + ids.size() + " rows from " + collection, () ->
                client().delete(DeleteReq.builder().collectionName(collection).ids(new ArrayList<>(ids)).build()));
    }

    @Override
    public List<VectorRecord> get(String collection, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> fields = new ArrayList<>(SCALARS);
        fields.add(VECTOR);
        fields.add(INDEXED_TIME);
        QueryResp response = onLoaded(collection, "get " + ids.size() + " rows from " + collection, () -> client()
                .query(QueryReq.builder().collectionName(collection).ids(new ArrayList<>(ids)).outputFields(fields)
                        .consistencyLevel(ConsistencyLevel.STRONG).build()));
        List<VectorRecord> out = new ArrayList<>();
        for (QueryResp.QueryResult result : response.getQueryResults()) {
            Map<String, Object> e = result.getEntity();
            out.add(new VectorRecord((String) e.get(ID), toFloats(e.get(VECTOR)), (String) e.get(URL),
                    (String) e.get(CONTENT_TYPE), metadata(e.get(METADATA_FIELD)), asLong(e.get(EVENT_TIME)),
                    asLong(e.get(INDEXED_TIME))));
        }
        return out;
    }

    @Override
    public long count(String collection) {
        QueryResp response = onLoaded(collection, "count rows of " + collection, () -> client()
                .query(QueryReq.builder().collectionName(collection).filter("").outputFields(List.of("count(*)"))
                        .consistencyLevel(ConsistencyLevel.STRONG).build()));
        return asLong(response.getQueryResults().getFirst().getEntity().get("count(*)"));
    }

    /** Milvus answers at most 16384 rows per query window, which bounds this audit helper. */
    @Override
    public List<String> allIds(String collection) {
        QueryResp page = onLoaded(collection, "list ids of " + collection, () -> client()
                .query(QueryReq.builder().collectionName(collection).filter(ID + " != \"\"")
                        .outputFields(List.of(ID)).limit(QUERY_PAGE).consistencyLevel(ConsistencyLevel.STRONG)
                        .build()));
        if (page.getQueryResults().size() >= QUERY_PAGE) {
            throw new IllegalStateException(collection + " holds " + QUERY_PAGE
                    + " or more rows; allIds is meant for small collections");
        }
        return page.getQueryResults().stream().map(r -> (String) r.getEntity().get(ID)).toList();
    }

    @Override
    public List<SearchHit> search(String collection, float[] vector, int limit, int offset, Filter filter) {
        // Compiled before the call: a value without a literal is the caller's error, not a store outage.
        String expression = MilvusFilterCompiler.compile(filter);
        SearchReq.SearchReqBuilder request = SearchReq.builder().collectionName(collection).annsField(VECTOR)
                .data(List.of(new FloatVec(vector))).limit(limit).offset(offset).outputFields(SCALARS)
                .searchParams(Map.of("ef", Math.max(settings.searchEf(), limit + offset)))
                .consistencyLevel(ConsistencyLevel.STRONG);
        if (!expression.isEmpty()) {
            request.filter(expression);
        }
        SearchResp response = onLoaded(collection, "search " + collection, () -> client().search(request.build()));
        return hits(response.getSearchResults().getFirst());
    }

    /** One search request per {@value #MAX_QUERY_VECTORS} vectors, each vector ranked on its own as by search. */
    @Override
    public List<List<SearchHit>> searchEach(String collection, List<float[]> vectors, int limit) {
        List<List<SearchHit>> hits = new ArrayList<>(vectors.size());
        for (int from = 0; from < vectors.size(); from += MAX_QUERY_VECTORS) {
            List<BaseVector> data = vectors.subList(from, Math.min(vectors.size(), from + MAX_QUERY_VECTORS))
                    .stream().<BaseVector>map(FloatVec::new).toList();
            SearchReq request = SearchReq.builder().collectionName(collection).annsField(VECTOR).data(data)
                    .limit(limit).outputFields(SCALARS).searchParams(Map.of("ef", Math.max(settings.searchEf(), limit)))
                    .consistencyLevel(ConsistencyLevel.STRONG).build();
            SearchResp response = onLoaded(collection, "search " + collection + " for " + data.size() + " vectors",
                    () -> client().search(request));
            for (List<SearchResp.SearchResult> results : response.getSearchResults()) {
                hits.add(hits(results));
            }
        }
        return hits;
    }

    private List<SearchHit> hits(List<SearchResp.SearchResult> results) {
        List<SearchHit> hits = new ArrayList<>(results.size());
        for (SearchResp.SearchResult r : results) {
            Map<String, Object> e = r.getEntity();
            hits.add(new SearchHit(String.valueOf(r.getId()), r.getScore(), (String) e.get(URL),
                    (String) e.get(CONTENT_TYPE), metadata(e.get(METADATA_FIELD)), asLong(e.get(EVENT_TIME))));
        }
        return hits;
    }

    @Override
    public void pointAlias(String alias, String collection) {
        call("point alias " + alias + " at " + collection, () -> {
            if (aliasTarget(alias).isPresent()) {
                client().alterAlias(AlterAliasReq.builder().alias(alias).collectionName(collection).build());
            } else {
                client().createAlias(CreateAliasReq.builder().alias(alias).collectionName(collection).build());
            }
            return null;
        });
    }

    @Override
    public Optional<String> aliasTarget(String alias) {
        try {
            String target = client().describeAlias(DescribeAliasReq.builder().alias(alias).build()).getCollectionName();
            return Optional.ofNullable(target).filter(t -> !t.isEmpty());
        } catch (RuntimeException e) {
            VectorStoreException failure = MilvusFailures.classify("describe alias " + alias, e);
            if (failure.retryable()) {
                throw failure;
            }
            // Milvus answers an unknown alias with an error rather than an empty description.
            return Optional.empty();
        }
    }

    @Override
    public String location() {
        return "Milvus " + settings.uri();
    }

    /**
     * Asks through a client of its own whose calls end after {@code probeDeadlineMs}, so that a health check never
     * waits out a write's deadline. A failed probe drops that client: the next one connects afresh instead of
     * waiting for a broken channel's reconnection backoff.
     */
    @Override
    public boolean isReachable() {
        synchronized (probeLock) {
            try {
                if (probe == null) {
                    probe = connect(settings.probeDeadlineMs(), settings.probeDeadlineMs());
                    probe.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
                }
                probe.listCollections();
                return true;
            } catch (RuntimeException e) {
                LOG.debugf("Milvus at %s is not reachable: %s", settings.uri(), e.getMessage());
                closeProbe();
                return false;
            }
        }
    }

    @Override
    public void close() {
        synchronized (probeLock) {
            closeProbe();
        }
        synchronized (this) {
            if (connected != null) {
                connected.close();
                connected = null;
            }
        }
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing the Milvus probe client failed: %s", e.getMessage());
            }
            probe = null;
        }
    }

    /**
     * Runs a call that needs the collection loaded. A restarted server may hold it released (Milvus Lite does,
     * and answers with a status code the SDK cannot even name), so one such failure leads to a load and one retry.
     */
    private <T> T onLoaded(String collection, String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException first) {
            VectorStoreException failure = MilvusFailures.classify(what, first);
            if (!mayBeUnloaded(first)) {
                throw failure;
            }
            try {
                load(collection);
            } catch (RuntimeException loadFailed) {
                failure.addSuppressed(loadFailed);
                throw failure;
            }
            LOG.infof("Milvus collection %s was not loaded; loaded it and retrying %s", collection, what);
            return call(what, action);
        }
    }

    /**
     * Loads a collection and waits for it within the call's deadline. The SDK waits up to a minute by default: a
     * server still recovering must fail the call as unavailable so that the caller's retry policy (and a projector's
     * polling between attempts) goes on, instead of one thread blocking past max.poll.interval.ms.
     */
    private void load(String collection) {
        client().loadCollection(LoadCollectionReq.builder().collectionName(collection)
                .timeout(settings.rpcDeadlineMs()).build());
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw MilvusFailures.classify(what, e);
        }
    }

    /** A server's refusal, or a status the client could not read: not a connection failure, nor a checked request. */
    private static boolean mayBeUnloaded(RuntimeException e) {
        if (!(e instanceof MilvusClientException milvus) || milvus.getCause() instanceof ParamException) {
            return false;
        }
        return milvus.getErrorCode() == ErrorCode.CLIENT_ERROR
                || (milvus.getErrorCode() == ErrorCode.SERVER_ERROR && milvus.getServerErrCode() != 0);
    }

    private static float[] toFloats(Object value) {
        @SuppressWarnings("unchecked")
        List<Number> list = (List<Number>) value;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).floatValue();
        }
        return out;
    }

    private static Map<String, Object> metadata(Object json) {
        if (json == null) {
            return Map.of();
        }
        Map<String, Object> parsed = json instanceof JsonObject object ? GSON.fromJson(object, METADATA)
                : GSON.fromJson(json.toString(), METADATA);
        return parsed == null ? Map.of() : new LinkedHashMap<>(parsed);
    }

    private static long asLong(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }
}
