package io.clipstream.query.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.ModelVersionEvent;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import io.clipstream.model.adapter.VersionAdapters;
import io.clipstream.model.vector.Vectors;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Switching model versions under concurrent load: every answer must be wholly one version (its text adapter and
 * its collection), which the test checks through the scores, computed here from the same model and adapters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionSwitchIT {

    static final List<String> QUERIES = List.of("a red square", "blue circle", "green stripes", "dark", "bright");

    QueryApiFixture fixture;
    QuarkusApp app;
    VersionAdapters v1;

    @BeforeAll
    void start() throws Exception {
        fixture = new QueryApiFixture("version-switch");
        fixture.seed(24);
        int d = fixture.model.dims();
        v1 = new VersionAdapters(fixture.modelId, 1, randomAdapter(d, 1), randomAdapter(d, 2));
        new AdapterRegistry(fixture.registry).write(fixture.modelId, 1, (ResidualAdapter) v1.text(),
                (ResidualAdapter) v1.image(), null);
        fixture.writeVersion(1, v1.image());
        fixture.publish(1);
        fixture.projected(1);
        // No cache and a patient batcher: concurrent searches must share text-encoder calls.
        app = fixture.start("query-api-switch", Map.of("clipstream.text.cache-size", "0",
                "clipstream.text.max-wait-ms", "10"));
        awaitReady(app);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void concurrentSearchesNeverMixVersionsAcrossASwitchAndRollback() throws Exception {
        String pinnedOnV0 = api(app).queryParam("q", "blue circle").queryParam("k", 3).get("/v1/search")
                .then().statusCode(200).body("model.version", equalTo(0)).extract().path("searchId");

        ConcurrentLinkedQueue<String> inconsistencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> versionsSeen = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch warmedUp = new CountDownLatch(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                int i = 0;
                int last = 0;
                while (running.get()) {
                    String q = QUERIES.get((thread + i++) % QUERIES.size());
                    JsonPath body = api(app).queryParam("q", q).queryParam("k", 3).get("/v1/search")
                            .then().statusCode(200).extract().jsonPath();
                    int version = body.getInt("model.version");
                    String problem = check(body, q, version);
                    if (problem != null) {
                        inconsistencies.add(problem);
                    }
                    if (version < last && version != 0) {
                        inconsistencies.add("thread " + thread + " went back from v" + last + " to v" + version);
                    }
                    last = version;
                    versionsSeen.add(version);
                    if (i == 3) {
                        warmedUp.countDown();
                    }
                }
                return null;
            }));
        }
        warmedUp.await();

        admin(app).body(Map.of("version", 1)).post("/v1/admin/models/activate").then().statusCode(202)
                .body("version", equalTo(1)).body("previousVersion", equalTo(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> versionsSeen.stream().filter(v -> v == 1).count() > 20);
        assertThat(fixture.store.aliasTarget("images_" + fixture.namespace.replaceAll("[^a-z0-9_]", "_")))
                .contains(fixture.collection(1));

        admin(app).body(Map.of("version", 0)).post("/v1/admin/models/activate").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api(app).get("/v1/models/active").then().extract().jsonPath().getInt("version") == 0);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();

        assertThat(inconsistencies).isEmpty();
        assertThat(versionsSeen).contains(0, 1);
        String metrics = api(app).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "clipstream_query_text_batch_size_sum"))
                .as("queries encoded in batches of more than one")
                .isGreaterThan(metric(metrics, "clipstream_query_text_batch_size_count"));
        // A search started on v0 keeps its version for later pages, whatever is active meanwhile.
        api(app).queryParam("searchId", pinnedOnV0).queryParam("k", 3).queryParam("offset", 3).get("/v1/search")
                .then().statusCode(200).body("model.version", equalTo(0)).body("hits[0].rank", equalTo(4));
        List<ModelVersionEvent> all = activations();
        List<ModelVersionEvent> activations = all.subList(all.size() - 2, all.size());
        assertThat(activations).extracting(ModelVersionEvent::version).containsExactly(1, 0);
        assertThat(activations.get(1).previousVersion()).isEqualTo(1);
    }

    @Test
    void aNewReplicaReadsTheModelsTopicBeforeItIsReady() throws Exception {
        admin(app).body(Map.of("version", 1)).post("/v1/admin/models/activate").then().statusCode(202);
        QuarkusApp replica = fixture.start("query-api-replica", Map.of());
        awaitReady(replica);

        JsonPath body = api(replica).queryParam("q", "bright").queryParam("k", 3).get("/v1/search").then()
                .statusCode(200).extract().jsonPath();
        assertThat(body.getInt("model.version")).isEqualTo(1);
        assertThat(check(body, "bright", 1)).isNull();
        // Rollback undoes the last activation (once this replica has read it): back to the version live before.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api(app).get("/v1/models/active").then().extract().jsonPath().getInt("version") == 1);
        admin(app).post("/v1/admin/models/rollback").then().statusCode(202)
                .body("version", equalTo(0)).body("previousVersion", equalTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api(replica).get("/v1/models/active").then().extract().jsonPath().getInt("version") == 0);
    }

    @Test
    void versionsNotPublishedOrWithoutCollectionOrAdaptersAreRefused() throws Exception {
        admin(app).body(Map.of("version", 7)).post("/v1/admin/models/activate").then().statusCode(422)
                .body("field", equalTo("version")).body("detail", containsString("not published"));
        fixture.publish(2);
        fixture.projected(2);
        admin(app).body(Map.of("version", 2)).post("/v1/admin/models/activate").then().statusCode(422)
                .body("detail", containsString("has no collection"));
        fixture.store.ensureCollection(new io.clipstream.store.CollectionSpec(fixture.collection(2),
                fixture.model.dims()));
        admin(app).body(Map.of("version", 2)).post("/v1/admin/models/activate").then().statusCode(422)
                .body("detail", containsString("manifest.json"));
        admin(app).body(Map.of()).post("/v1/admin/models/activate").then().statusCode(400)
                .body("field", equalTo("version"));
        admin(app).body(Map.of("version", -1)).post("/v1/admin/models/activate").then().statusCode(400)
                .body("field", equalTo("version"));
    }

    /** The query API used to activate any version with a collection and adapters, a retired one included. */
    @Test
    void aRetiredVersionIsNeverMadeLive() throws Exception {
        int d = fixture.model.dims();
        new AdapterRegistry(fixture.registry).write(fixture.modelId, 3, randomAdapter(d, 5), randomAdapter(d, 6),
                null);
        fixture.writeVersion(3, v1.image());
        fixture.publish(3);
        fixture.projected(3);
        fixture.retire(3);
        var before = fixture.store.aliasTarget(alias());

        admin(app).body(Map.of("version", 3)).post("/v1/admin/models/activate").then().statusCode(422)
                .contentType("application/problem+json").body("field", equalTo("version"))
                .body("detail", containsString("retired"));
        assertThat(fixture.store.aliasTarget(alias())).isEqualTo(before);
    }

    @Test
    void aVersionGoesLiveOnlyOnceItsProjectorHasCaughtUp() throws Exception {
        int d = fixture.model.dims();
        VersionAdapters v4 = new VersionAdapters(fixture.modelId, 4, randomAdapter(d, 7), randomAdapter(d, 8));
        new AdapterRegistry(fixture.registry).write(fixture.modelId, 4, (ResidualAdapter) v4.text(),
                (ResidualAdapter) v4.image(), null);
        fixture.writeVersion(4, v4.image());
        fixture.publish(4);

        admin(app).body(Map.of("version", 4)).post("/v1/admin/models/activate").then().statusCode(422)
                .body("detail", containsString("not reindexed yet"));
        fixture.projected(4);
        admin(app).body(Map.of("version", 4)).post("/v1/admin/models/activate").then().statusCode(202)
                .body("version", equalTo(4));
        assertThat(fixture.store.aliasTarget(alias())).contains(fixture.collection(4));

        admin(app).body(Map.of("version", 0)).post("/v1/admin/models/activate").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api(app).get("/v1/models/active").then().extract().jsonPath().getInt("version") == 0);
    }

    /**
     * A version whose collection has no keyword index (made before text fields were declared, or on a Milvus
     * before 2.5): keyword and hybrid searches are a 422 naming the mode, never a silent vector-only answer, and
     * vector search goes on.
     */
    @Test
    void keywordSearchOnACollectionWithoutKeywordIndexIsA422NamingTheMode() throws Exception {
        VersionAdapters v5 = new VersionAdapters(fixture.modelId, 5, v1.text(), v1.image());
        new AdapterRegistry(fixture.registry).write(fixture.modelId, 5, (ResidualAdapter) v5.text(),
                (ResidualAdapter) v5.image(), null);
        fixture.writeVersion(5, v5.image(), List.of());
        fixture.publish(5);
        fixture.projected(5);
        admin(app).body(Map.of("version", 5)).post("/v1/admin/models/activate").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api(app).get("/v1/models/active").then().extract().jsonPath().getInt("version") == 5);
        try {
            for (String mode : List.of("keyword", "hybrid")) {
                api(app).queryParam("q", "zebra").queryParam("mode", mode).get("/v1/search").then()
                        .statusCode(422).contentType("application/problem+json")
                        .body("type", containsString("keyword-search-unavailable"))
                        .body("field", equalTo("mode"))
                        .body("detail", containsString(fixture.collection(5)));
            }
            api(app).queryParam("q", "zebra").queryParam("k", "3").get("/v1/search").then().statusCode(200)
                    .body("model.version", equalTo(5)).body("hits.size()", equalTo(3));
        } finally {
            admin(app).body(Map.of("version", 0)).post("/v1/admin/models/activate").then().statusCode(202);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api(app).get("/v1/models/active").then().extract().jsonPath().getInt("version") == 0);
        }
    }

    private String alias() {
        return "images_" + fixture.namespace.replaceAll("[^a-z0-9_]", "_");
    }

    /** Null when every hit's score is the cosine of this version's query and image vectors. */
    private String check(JsonPath body, String q, int version) {
        try {
            VersionAdapters adapters = version == 0 ? VersionAdapters.base(fixture.modelId, fixture.model.dims()) : v1;
            if (!fixture.collection(version).equals(body.getString("model.collection"))) {
                return "v" + version + " answered from " + body.getString("model.collection");
            }
            float[] query = adapters.text().apply(fixture.text(q));
            List<Map<String, Object>> hits = body.getList("hits");
            for (Map<String, Object> hit : hits) {
                float[] image = adapters.image().apply(fixture.baseVectors.get((String) hit.get("imageId")));
                double expected = Vectors.dot(query, image);
                double score = ((Number) hit.get("score")).doubleValue();
                if (Math.abs(expected - score) > 2e-3) {
                    return "v" + version + " '" + q + "': " + hit.get("imageId") + " scored " + score + ", expected "
                            + expected;
                }
            }
            return hits.size() == 3 ? null : "v" + version + " returned " + hits.size() + " hits";
        } catch (Exception e) {
            return "cannot check: " + e;
        }
    }

    private static double metric(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private List<ModelVersionEvent> activations() throws Exception {
        List<ModelVersionEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(fixture.infra.kafkaBootstrapServers(),
                fixture.models)) {
            if (r.value() == null) {
                continue;
            }
            JsonNode json = EventJson.mapper().readTree(r.value());
            out.add(EventJson.mapper().treeToValue(json, ModelVersionEvent.class));
        }
        return out.stream().filter(e -> e.type() == ModelVersionEvent.Type.ACTIVATED).toList();
    }

    private static ResidualAdapter randomAdapter(int d, long seed) {
        Random random = new Random(seed);
        float[] w = new float[d * d];
        float[] b = new float[d];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() / Math.sqrt(d));
        }
        for (int i = 0; i < d; i++) {
            b[i] = (float) (0.1 * random.nextGaussian());
        }
        return new ResidualAdapter(d, w, b, 1f);
    }

    private static void awaitReady(QuarkusApp app) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                api(app).get("/q/health/ready").then().statusCode(200));
    }

    private static RequestSpecification api(QuarkusApp app) {
        return given().baseUri("http://127.0.0.1").port(app.httpPort());
    }

    private static RequestSpecification admin(QuarkusApp app) {
        return api(app).header("X-API-Key", QueryApiFixture.API_KEY).contentType(ContentType.JSON);
    }
}
