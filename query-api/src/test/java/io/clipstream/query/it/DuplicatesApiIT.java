package io.clipstream.query.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.clipstream.events.DuplicateDismissal;
import io.clipstream.events.DuplicateTier;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The duplicates API of the packaged query API on a real broker and Milvus Lite: records on the duplicates topic
 * (as the indexer's stage writes them) are served per image and as groups of a tier, largest first and paged, and
 * {@code collapse=near|exact} keeps only the best-ranked member of each group in a search; mistakes are 400s naming
 * the parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicatesApiIT {

    QueryApiFixture fixture;
    QuarkusApp app;
    List<String> ranked;

    @BeforeAll
    void start() throws Exception {
        fixture = new QueryApiFixture("duplicates-api");
        fixture.seed(20);
        app = fixture.start("query-api-duplicates", Map.of());
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = app.httpPort();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        ranked = given().queryParam("q", "a red square").queryParam("k", 20).get("/v1/search").then()
                .statusCode(200).extract().jsonPath().getList("hits.imageId", String.class);
        // Near group: ranks 1, 2 and 4 (ranks 1 and 4 also an exact pair); a pair of two unranked-looking others.
        String a = ranked.get(0);
        String b = ranked.get(1);
        String d = ranked.get(3);
        List<ImageDuplicates> records = new ArrayList<>();
        List<String> near = sorted(a, b, d);
        List<String> exact = sorted(a, d);
        for (String id : near) {
            List<ImageDuplicates.Group> groups = new ArrayList<>();
            if (exact.contains(id)) {
                groups.add(group(DuplicateTier.EXACT, exact));
            }
            groups.add(group(DuplicateTier.NEAR, near));
            records.add(new ImageDuplicates(id, fixture.modelId, Instant.EPOCH, null, List.of(), groups,
                    Instant.EPOCH));
        }
        List<String> pair = sorted(ranked.get(6), ranked.get(8));
        for (String id : pair) {
            records.add(new ImageDuplicates(id, fixture.modelId, Instant.EPOCH, null, List.of(),
                    List.of(group(DuplicateTier.NEAR, pair)), Instant.EPOCH));
        }
        try (KafkaProducer<String, byte[]> producer = KafkaClientFactory.forBootstrap(
                fixture.infra.kafkaBootstrapServers()).producer("duplicates-stage-standin", new StringSerializer(),
                new ByteArraySerializer(), Map.of())) {
            for (ImageDuplicates record : records) {
                producer.send(new ProducerRecord<>(fixture.duplicates, record.imageId(),
                        EventJson.mapper().writeValueAsBytes(record))).get();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v1/duplicates").then()
                .statusCode(200).body("total", equalTo(2)));
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void groupsOfATierComeLargestFirstAndPaged() {
        JsonPath all = given().queryParam("tier", "near").get("/v1/duplicates").then().statusCode(200).extract()
                .jsonPath();
        assertThat(all.getList("groups.collect { it.members.size() }", Integer.class)).containsExactly(3, 2);
        assertThat(all.getString("groups[0].groupId")).isEqualTo(sorted(ranked.get(0), ranked.get(1),
                ranked.get(3)).getFirst());
        JsonPath second = given().queryParam("limit", 1).queryParam("offset", 1).get("/v1/duplicates").then()
                .statusCode(200).extract().jsonPath();
        assertThat(second.getInt("total")).isEqualTo(2);
        assertThat(second.getList("groups.collect { it.members.size() }", Integer.class)).containsExactly(2);
        assertThat(given().queryParam("tier", "exact").get("/v1/duplicates").then().statusCode(200).extract()
                .jsonPath().getList("groups.groupId", String.class)).hasSize(1);
    }

    @Test
    void anImageHasItsGroupsAndAnUnknownOneIs404() {
        JsonPath body = given().get("/v1/images/" + ranked.get(3) + "/duplicates").then().statusCode(200)
                .extract().jsonPath();
        assertThat(body.getList("groups.tier", String.class)).containsExactly("exact", "near");
        given().get("/v1/images/nobody/duplicates").then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("imageId"));
    }

    @Test
    void collapseKeepsTheBestRankedMemberOfEachGroupAndFillsThePage() {
        List<String> near = collapsed("near");
        assertThat(near).containsExactly(ranked.get(0), ranked.get(2), ranked.get(4), ranked.get(5),
                ranked.get(6), ranked.get(7), ranked.get(9), ranked.get(10), ranked.get(11), ranked.get(12));
        List<String> exact = collapsed("exact");
        assertThat(exact).containsExactly(ranked.get(0), ranked.get(1), ranked.get(2), ranked.get(4),
                ranked.get(5), ranked.get(6), ranked.get(7), ranked.get(8), ranked.get(9), ranked.get(10));
        List<String> posted = given().contentType(ContentType.JSON).body(Map.of("text", "a red square", "k", 10,
                        "collapse", "near")).post("/v1/search").then().statusCode(200).extract().jsonPath()
                .getList("hits.imageId", String.class);
        assertThat(posted).isEqualTo(near);
    }

    @Test
    void aCollapsedGroupDoesNotShowAgainOnALaterPage() {
        JsonPath first = given().queryParam("q", "a red square").queryParam("k", 3).queryParam("collapse", "near")
                .get("/v1/search").then().statusCode(200).extract().jsonPath();
        JsonPath second = given().queryParam("searchId", first.getString("searchId")).queryParam("k", 3)
                .queryParam("offset", 3).get("/v1/search").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("hits.imageId", String.class)).containsExactly(ranked.get(0), ranked.get(2),
                ranked.get(4));
        assertThat(second.getList("hits.imageId", String.class)).containsExactly(ranked.get(5), ranked.get(6),
                ranked.get(7));
        assertThat(second.getList("hits.rank", Integer.class)).containsExactly(4, 5, 6);
        given().queryParam("searchId", first.getString("searchId")).queryParam("k", 3).queryParam("offset", 3)
                .queryParam("collapse", "exact").get("/v1/search").then().statusCode(400)
                .body("field", equalTo("collapse"));
    }

    @Test
    void moreLikeThisCollapsesToo() {
        List<String> similar = given().queryParam("k", 19).queryParam("collapse", "near")
                .get("/v1/images/" + ranked.get(5) + "/similar").then().statusCode(200).extract().jsonPath()
                .getList("hits.imageId", String.class);
        List<String> nearGroup = List.of(ranked.get(0), ranked.get(1), ranked.get(3));
        assertThat(similar).doesNotContain(ranked.get(5));
        assertThat(similar.stream().filter(nearGroup::contains)).hasSize(1);
        assertThat(similar.stream().filter(id -> id.equals(ranked.get(6)) || id.equals(ranked.get(8))))
                .hasSize(1);
        // 20 images less the query image, two of a group of three and one of a pair.
        assertThat(similar).hasSize(16);
    }

    @Test
    void aDismissalIsAnEventOnTheDismissalsTopic() throws Exception {
        String groupId = sorted(ranked.get(6), ranked.get(8)).getFirst();
        given().post("/v1/duplicates/near/" + groupId + "/dismissal").then().statusCode(202)
                .body("groupId", equalTo(groupId)).body("tier", equalTo("near"));
        List<ConsumerRecord<byte[], byte[]>> written = TopicReader.readAll(fixture.infra.kafkaBootstrapServers(),
                fixture.duplicates + ".dismissals");
        assertThat(written).hasSize(1);
        assertThat(new String(written.getFirst().key(), StandardCharsets.UTF_8)).isEqualTo("near:" + groupId);
        DuplicateDismissal dismissal = EventJson.mapper().readValue(written.getFirst().value(),
                DuplicateDismissal.class);
        assertThat(dismissal.members()).isEqualTo(sorted(ranked.get(6), ranked.get(8)));
        given().post("/v1/duplicates/exact/" + groupId + "/dismissal").then().statusCode(404)
                .body("field", equalTo("groupId"));
    }

    @Test
    void mistakesAre400sNamingTheParameter() {
        given().queryParam("tier", "similar").get("/v1/duplicates").then().statusCode(400)
                .body("field", equalTo("tier"));
        given().queryParam("limit", 0).get("/v1/duplicates").then().statusCode(400).body("field", equalTo("limit"));
        given().queryParam("q", "a red square").queryParam("collapse", "scene").get("/v1/search").then()
                .statusCode(400).body("field", equalTo("collapse"));
    }

    private List<String> collapsed(String tier) {
        return given().queryParam("q", "a red square").queryParam("k", 10).queryParam("collapse", tier)
                .get("/v1/search").then().statusCode(200).extract().jsonPath().getList("hits.imageId", String.class);
    }

    private static List<String> sorted(String... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    private static ImageDuplicates.Group group(DuplicateTier tier, List<String> members) {
        return new ImageDuplicates.Group(tier, members.getFirst(), members.stream()
                .map(id -> new ImageDuplicates.Member(id, 0.99)).toList());
    }
}
