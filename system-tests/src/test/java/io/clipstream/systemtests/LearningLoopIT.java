package io.clipstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.events.EventJson;
import io.clipstream.testing.TopicReader;
import io.clipstream.testing.planted.ConceptFamily;
import io.clipstream.testing.planted.PlantedImages;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The learning loop end to end on real Kafka and Milvus Lite with the packaged services: searches and clicks
 * through the HTTP API, the click-pair topology in the trainer, a training cycle started by an admin call, the
 * version in the registry, its reindex by the indexer, activation, searches on the new version that find more of
 * what users clicked, and a rollback.
 */
class LearningLoopIT {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int IMAGES_PER_FAMILY = 12;
    private static final int K = 20;
    /** Searching sessions per phrasing: enough clicks for train, validation and test splits of every phrasing. */
    private static final int ROUNDS = 16;
    /** Result pages a user looks through: deep clicks are what the base model ranked too low. */
    private static final int PAGES = 2;

    private static SearchStack stack;

    @BeforeAll
    static void start() {
        stack = new SearchStack();
        stack.startIndexer();
        Set<String> ids = new HashSet<>();
        for (int f = 0; f < ConceptFamily.ALL.size(); f++) {
            ConceptFamily family = ConceptFamily.ALL.get(f);
            for (int i = 0; i < IMAGES_PER_FAMILY; i++) {
                String id = family.name() + "-" + i;
                ids.add(id);
                stack.publishInline(id, PlantedImages.jpeg(family, 7_000L * f + i),
                        Map.of("family", family.name()));
            }
        }
        await("images indexed (" + stack.logs() + ")").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500)).until(() -> stack.indexedIds().containsAll(ids));
        stack.startQueryApi();
        stack.startTrainer(Map.of(
                "clipstream.trainer.learning.epochs", "100",
                "clipstream.trainer.learning.batch-size", "32",
                "clipstream.trainer.learning.learning-rate", "0.01",
                "clipstream.trainer.gate.min-train-pairs", "20",
                "clipstream.trainer.gate.min-test-queries", "4",
                // The statistics of the gate are the planted-concept test's subject; here a small sample suffices.
                "clipstream.trainer.gate.confidence", "0.9",
                "clipstream.trainer.reindex-timeout-ms", "120000"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void clicksTrainAVersionThatIsReindexedActivatedAndRolledBack() throws Exception {
        double before = precisionAt10(0);

        Random users = new Random(11);
        int clicks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (ConceptFamily family : ConceptFamily.ALL) {
                for (String phrasing : family.phrasings()) {
                    clicks += searchAndClick(family, phrasing, users);
                }
            }
        }
        int made = clicks;
        await("click pairs from the topology (" + stack.logs() + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> TopicReader.readAll(stack.infra.kafkaBootstrapServers(), stack.clickPairs).size()
                        >= made);

        HttpResponse<String> started = post(stack.trainerUrl() + "/v1/trainer/runs", "", stack.apiKey);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode report = await("the training cycle (" + stack.logs() + ")").atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(500))
                .until(this::finishedRun, r -> r != null);
        assertThat(report.path("published").asBoolean()).as(report.toPrettyString()).isTrue();
        assertThat(report.path("version").asInt()).isEqualTo(1);
        assertThat(report.path("activation").path("version").asInt()).isEqualTo(1);
        double testBefore = report.at("/training/test/before/ndcgAt10").asDouble();
        double testAfter = report.at("/training/test/after/ndcgAt10").asDouble();
        assertThat(testAfter).as("held-out nDCG@10 in the report").isGreaterThan(testBefore);

        await("the query API on v1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> activeVersion() == 1);
        double after = precisionAt10(1);
        System.out.printf("learning loop: %d clicks, held-out nDCG@10 %.3f -> %.3f, precision@10 %.3f -> %.3f%n", made,
                testBefore, testAfter, before, after);
        assertThat(after).as("precision@10 of every phrasing: before %.3f, after %.3f", before, after)
                .isGreaterThanOrEqualTo(before + 0.2);

        HttpResponse<String> rollback = post(stack.baseUrl() + "/v1/admin/models/rollback", "", stack.apiKey);
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(202);
        await("the query API back on v0").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> activeVersion() == 0);
        assertThat(precisionAt10(0)).isEqualTo(before);
    }

    /**
     * One user session: search, look down the pages (examining rank r with probability 1/sqrt(r)), click what
     * belongs to the family.
     */
    private int searchAndClick(ConceptFamily family, String phrasing, Random user) throws Exception {
        JsonNode page = search(phrasing, 0);
        String searchId = page.path("searchId").asText();
        int clicks = 0;
        for (int p = 0; p < PAGES; p++) {
            if (p > 0) {
                page = continueSearch(searchId, p * K);
            }
            for (JsonNode hit : page.path("hits")) {
                int rank = hit.path("rank").asInt();
                boolean examined = user.nextDouble() < 1.0 / Math.sqrt(rank);
                if (examined && hit.path("imageId").asText().startsWith(family.name() + "-")
                        && user.nextDouble() < 0.9) {
                    String body = JSON.writeValueAsString(Map.of("searchId", searchId,
                            "imageId", hit.path("imageId").asText(), "rank", rank));
                    HttpResponse<String> click = post(stack.baseUrl() + "/v1/clicks", body, null);
                    assertThat(click.statusCode()).as(click.body()).isEqualTo(202);
                    clicks++;
                }
            }
        }
        return clicks;
    }

    private JsonNode continueSearch(String searchId, int offset) throws Exception {
        HttpResponse<String> response = get(stack.baseUrl() + "/v1/search?k=" + K + "&offset=" + offset
                + "&searchId=" + searchId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Mean share of the top 10 that belongs to the searched family, over every phrasing. */
    private double precisionAt10(int expectedVersion) throws Exception {
        double sum = 0;
        int queries = 0;
        for (ConceptFamily family : ConceptFamily.ALL) {
            for (String phrasing : family.phrasings()) {
                JsonNode page = search(phrasing, expectedVersion);
                int relevant = 0;
                List<JsonNode> hits = iterable(page.path("hits"));
                for (JsonNode hit : hits.subList(0, Math.min(10, hits.size()))) {
                    if (hit.path("imageId").asText().startsWith(family.name() + "-")) {
                        relevant++;
                    }
                }
                sum += relevant / 10.0;
                queries++;
            }
        }
        return sum / queries;
    }

    private JsonNode search(String text, int expectedVersion) throws Exception {
        HttpResponse<String> response = get(stack.baseUrl() + "/v1/search?k=" + K + "&q="
                + URLEncoder.encode(text, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(response.body());
        assertThat(page.path("model").path("version").asInt()).as("version of " + response.body())
                .isEqualTo(expectedVersion);
        return page;
    }

    private JsonNode finishedRun() throws IOException, InterruptedException {
        HttpResponse<String> runs = get(stack.trainerUrl() + "/v1/trainer/runs");
        JsonNode body = JSON.readTree(runs.body());
        if (body.path("running").asBoolean() || body.path("runs").isEmpty()) {
            return null;
        }
        HttpResponse<String> latest = get(stack.trainerUrl() + "/v1/trainer/runs/latest");
        return latest.statusCode() == 200 ? JSON.readTree(latest.body()) : null;
    }

    private int activeVersion() throws IOException, InterruptedException {
        return JSON.readTree(get(stack.baseUrl() + "/v1/models/active").body()).path("version").asInt();
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String json, String apiKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
