package io.clipstream.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.clipstream.testing.MilvusServer;
import io.milvus.common.clientenum.FunctionType;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where the Java SDK 2.6 and the two servers of the tests disagree (README, "Tests"), pinned so that the adapter's
 * choices stay justified: it sends HNSW parameters, builds indexes asynchronously, escapes filter literals and
 * upserts whole rows because one server or the other refuses the alternative. A server or SDK upgrade that changes
 * any of this fails here first.
 */
class MilvusServerDifferencesTest {

    private static final AtomicInteger COLLECTIONS = new AtomicInteger();

    private MilvusClientV2 client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void hnswWithoutParametersIsRefusedByTheRealServer(MilvusServer.Kind kind) {
        String c = collection(kind);

        CreateIndexReq request = CreateIndexReq.builder().collectionName(c).sync(false).indexParams(List.of(
                IndexParam.builder().fieldName("vector").indexType(IndexParam.IndexType.HNSW)
                        .metricType(IndexParam.MetricType.COSINE).build())).build();

        if (kind == MilvusServer.Kind.STANDALONE) {
            assertThatThrownBy(() -> client.createIndex(request)).isInstanceOf(MilvusClientException.class)
                    .hasMessageContaining("efConstruction out of range");
        } else {
            client.createIndex(request);
        }
    }

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void onlyMilvusLiteLoadsACollectionWithoutAnIndex(MilvusServer.Kind kind) {
        String c = collection(kind);

        LoadCollectionReq load = LoadCollectionReq.builder().collectionName(c).build();

        if (kind == MilvusServer.Kind.STANDALONE) {
            assertThatThrownBy(() -> client.loadCollection(load)).isInstanceOf(MilvusClientException.class)
                    .hasMessageContaining("index not found");
        } else {
            client.loadCollection(load);
        }
    }

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void aSynchronousIndexBuildIsUnimplementedInMilvusLite(MilvusServer.Kind kind) {
        String c = collection(kind);

        CreateIndexReq request = index(c, true);

        if (kind == MilvusServer.Kind.LITE) {
            assertThatThrownBy(() -> client.createIndex(request)).isInstanceOf(MilvusClientException.class)
                    .hasMessageContaining("UNIMPLEMENTED");
        } else {
            client.createIndex(request);
        }
    }

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void neitherServerTakesExpressionTemplates(MilvusServer.Kind kind) {
        String c = loadedCollection(kind);
        upsert(c, row("a", "old", "8"), false);

        SearchReq templated = SearchReq.builder().collectionName(c).annsField("vector")
                .data(List.of(new FloatVec(new float[] {1, 0, 0, 0}))).limit(3)
                .filter("metadata[\"x\"] == {v}").filterTemplateValues(Map.of("v", "8"))
                .consistencyLevel(ConsistencyLevel.STRONG).build();

        assertThatThrownBy(() -> client.search(templated)).isInstanceOf(MilvusClientException.class)
                .hasMessageContaining(kind == MilvusServer.Kind.LITE ? "unknown enum value"
                        : "cannot parse expression");
    }

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void onlyMilvusLiteMergesAPartialUpsert(MilvusServer.Kind kind) {
        String c = loadedCollection(kind);
        upsert(c, row("a", "old", "1"), false);
        JsonObject withoutUrl = row("a", null, "2");

        assertThatThrownBy(() -> upsert(c, withoutUrl, false)).isInstanceOf(MilvusClientException.class)
                .hasMessageContaining("url is not provided");
        if (kind == MilvusServer.Kind.LITE) {
            upsert(c, withoutUrl, true);
            assertThat(stored(c, "a")).containsEntry("url", "old");
            assertThat(stored(c, "a").get("metadata").toString()).contains("\"2\"");
        } else {
            assertThatThrownBy(() -> upsert(c, withoutUrl, true)).isInstanceOf(MilvusClientException.class)
                    .hasMessageContaining("array type mismatch");
            assertThat(stored(c, "a").get("metadata").toString()).contains("\"1\"");
        }
    }

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void milvus23DropsABm25FunctionWithoutAWord(MilvusServer.Kind kind) {
        connect(kind);
        String c = "bm25_" + ProcessHandle.current().pid() + "_" + COLLECTIONS.incrementAndGet();
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true)
                .autoID(true).build());
        schema.addField(AddFieldReq.builder().fieldName("text").dataType(DataType.VarChar).maxLength(256)
                .enableAnalyzer(true).build());
        schema.addField(AddFieldReq.builder().fieldName("sparse").dataType(DataType.SparseFloatVector).build());
        schema.addFunction(CreateCollectionReq.Function.builder().functionType(FunctionType.BM25).name("bm25")
                .inputFieldNames(List.of("text")).outputFieldNames(List.of("sparse")).build());

        client.createCollection(CreateCollectionReq.builder().collectionName(c).collectionSchema(schema).build());

        List<CreateCollectionReq.Function> kept = client.describeCollection(DescribeCollectionReq.builder()
                .collectionName(c).build()).getCollectionSchema().getFunctionList();
        assertThat(kept).hasSize(kind == MilvusServer.Kind.LITE ? 1 : 0);
    }

    private void connect(MilvusServer.Kind kind) {
        client = new MilvusClientV2(ConnectConfig.builder().uri(kind.shared().uri()).build());
    }

    /** A new collection like the adapter's, smaller: id, 4-d vector, url, JSON metadata; no index yet. */
    private String collection(MilvusServer.Kind kind) {
        connect(kind);
        String c = "differences_" + ProcessHandle.current().pid() + "_" + COLLECTIONS.incrementAndGet();
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar).maxLength(64)
                .isPrimaryKey(true).autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector).dimension(4)
                .build());
        schema.addField(AddFieldReq.builder().fieldName("url").dataType(DataType.VarChar).maxLength(64).build());
        schema.addField(AddFieldReq.builder().fieldName("metadata").dataType(DataType.JSON).build());
        client.createCollection(CreateCollectionReq.builder().collectionName(c).collectionSchema(schema)
                .consistencyLevel(ConsistencyLevel.STRONG).build());
        return c;
    }

    private String loadedCollection(MilvusServer.Kind kind) {
        String c = collection(kind);
        client.createIndex(index(c, false));
        client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
        return c;
    }

    private static CreateIndexReq index(String collection, boolean sync) {
        return CreateIndexReq.builder().collectionName(collection).sync(sync).indexParams(List.of(
                IndexParam.builder().fieldName("vector").indexType(IndexParam.IndexType.HNSW)
                        .metricType(IndexParam.MetricType.COSINE)
                        .extraParams(Map.of("M", 16, "efConstruction", 64)).build())).build();
    }

    private void upsert(String collection, JsonObject row, boolean partial) {
        client.upsert(UpsertReq.builder().collectionName(collection).partialUpdate(partial).data(List.of(row))
                .build());
    }

    private Map<String, Object> stored(String collection, String id) {
        return client.query(QueryReq.builder().collectionName(collection).ids(List.of(id))
                .outputFields(List.of("url", "metadata")).consistencyLevel(ConsistencyLevel.STRONG).build())
                .getQueryResults().getFirst().getEntity();
    }

    private static JsonObject row(String id, String url, String x) {
        JsonObject row = new JsonObject();
        row.addProperty("id", id);
        JsonArray vector = new JsonArray();
        vector.add(1f);
        vector.add(0f);
        vector.add(0f);
        vector.add(0f);
        row.add("vector", vector);
        if (url != null) {
            row.addProperty("url", url);
        }
        JsonObject metadata = new JsonObject();
        metadata.addProperty("x", x);
        row.add("metadata", metadata);
        return row;
    }
}
