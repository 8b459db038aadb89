package io.clipstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.EventJson;
import io.clipstream.events.SearchClick;
import io.clipstream.model.calibration.RelevanceCalibration;
import io.clipstream.systemtests.SearchPage.Result;
import io.clipstream.testing.SyntheticImages;
import io.clipstream.testing.TopicReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in a real headless Chromium against the real stack: images published to Kafka, indexed into Milvus
 * by the packaged indexer, searched through the packaged query API's page. Steps build on each other (ordered),
 * as one person's session would: search, page, open, "more like this", upload, a refused request, a search with
 * a negative term (whose click the trainer's click-pair topology turns into a pair for the positive text), a
 * mistake in the search syntax, a keyword search for a word of one image's caption.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "io.clipstream.systemtests.Browser#installed", disabledReason = Browser.MISSING)
class SearchUiIT {

    private static final int IMAGES = 24;
    private static final int PAGE = 10;

    @TempDir
    static Path tmp;

    private static final Map<String, byte[]> PUBLISHED = new LinkedHashMap<>();
    /** Published with their bytes inline (shown through the thumbnail endpoint); the others by URL. */
    private static final Set<String> INLINE = new HashSet<>();
    private static ImageServer images;
    private static SearchStack stack;
    private static ChromeDriver driver;
    private static SearchPage page;
    private static String textSearchId;

    @BeforeAll
    static void start() throws Exception {
        images = new ImageServer();
        stack = new SearchStack();
        stack.startIndexer();
        for (int i = 1; i <= IMAGES; i++) {
            String id = "img-%02d".formatted(i);
            byte[] jpeg = SyntheticImages.jpeg(320, 240, 1000 + i);
            PUBLISHED.put(id, jpeg);
            // caption is one of the indexer's default text fields, indexed for keyword search.
            Map<String, Object> metadata = Map.of("title", "Synthetic picture " + i, "album", "ui-test",
                    "caption", i == 5 ? "a zebra crossing at dusk" : "a synthetic picture");
            if (i % 6 == 0) {
                INLINE.add(id);
                stack.publishInline(id, jpeg, metadata);
            } else {
                stack.publishUrl(id, images.serve(id + ".jpg", jpeg), metadata);
            }
        }
        stack.awaitIndexed(PUBLISHED.keySet());
        stack.startQueryApi();
        stack.awaitThumbnails(INLINE);
        driver = Browser.start(Path.of("target"));
        page = new SearchPage(driver, stack.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
        if (images != null) {
            images.close();
        }
    }

    /** A step that failed with the modal open must not make the next ones fail too. */
    @AfterEach
    void closeModal() {
        if (page != null && page.modalOpen()) {
            page.closeModalWithEscape();
        }
    }

    @Test
    @Order(1)
    void startPageInvitesASearchAndNamesTheActiveModel() {
        page.open("/");

        assertThat(page.state()).isEqualTo("welcome");
        assertThat(page.until(() -> page.text("model-version"), t -> !t.isEmpty()))
                .isEqualTo("model " + stack.modelId + " v0");
    }

    @Test
    @Order(2)
    void textSearchShowsAGridOfThumbnailsWithRankAndScore() {
        new Select(driver.findElement(SearchPage.testId("page-size"))).selectByValue(String.valueOf(PAGE));
        page.search("a red boat at sunset");
        textSearchId = page.searchId();

        assertThat(page.state()).isEqualTo("ready");
        assertThat(textSearchId).isNotBlank();
        assertThat(page.ranks()).containsExactlyElementsOf(IntStream.rangeClosed(1, PAGE).boxed().toList());
        assertThat(PUBLISHED.keySet()).containsAll(page.imageIds());
        assertThumbnailsShow();
        assertThat(decodedUrl()).contains("q=a red boat at sunset").contains("k=" + PAGE);
        assertThat(page.text("model-version")).isEqualTo("model " + stack.modelId + " v0");
        assertThat(page.text("timings")).contains("ms");
        assertThat(page.text("summary")).contains("Results 1–10").contains("a red boat at sunset");

        Result third = page.results().get(2);
        String score = "%.4f".formatted(third.score());
        if (page.canHover()) {
            assertThat(page.scoreShown(third)).as("score hidden until hovered").isFalse();
        }
        assertThat(page.hover(third).getText()).isEqualTo("score " + score);
        assertThat(page.tooltip(third)).contains("Rank 3").contains("score " + score).contains(third.imageId());
    }

    @Test
    @Order(3)
    void pagingContinuesTheSameSearchAndBackAndForwardWalkThePages() {
        List<String> firstPage = page.imageIds();

        page.nextPage();
        assertThat(page.ranks()).containsExactlyElementsOf(IntStream.rangeClosed(PAGE + 1, 2 * PAGE).boxed().toList());
        assertThat(page.searchId()).isEqualTo(textSearchId);
        assertThat(page.imageIds()).doesNotContainAnyElementsOf(firstPage);
        assertThat(decodedUrl()).contains("page=2");
        assertThat(page.text("page-info")).isEqualTo("Page 2");

        page.back();
        assertThat(page.ranks()).first().isEqualTo(1);
        assertThat(page.imageIds()).isEqualTo(firstPage);
        assertThat(page.searchId()).isEqualTo(textSearchId);

        page.forward();
        assertThat(page.ranks()).first().isEqualTo(PAGE + 1);
        assertThat(page.searchId()).isEqualTo(textSearchId);

        page.previousPage();
        assertThat(page.imageIds()).isEqualTo(firstPage);
        page.nextPage();
        assertThat(page.ranks()).first().isEqualTo(PAGE + 1);
        assertThat(page.searchId()).isEqualTo(textSearchId);

        await("impressions of both pages").atMost(Duration.ofSeconds(30))
                .until(() -> stack.impressionPages(textSearchId).containsAll(List.of(1, 2)));
    }

    @Test
    @Order(4)
    void openingAResultShowsItLargeAndLogsTheClickAtItsRank() {
        Result opened = page.results().stream().filter(r -> !INLINE.contains(r.imageId())).findFirst().orElseThrow();
        assertThat(opened.rank()).isGreaterThan(PAGE);

        page.openResult(opened);
        assertThat(page.naturalWidth(page.modalImage())).as("the full image, from its url").isEqualTo(320);
        assertThat(page.originalLink()).endsWith("/images/" + opened.imageId() + ".jpg");
        assertThat(page.text("modal-title")).startsWith("Synthetic picture");
        assertThat(page.text("modal-facts")).contains(opened.imageId()).contains(String.valueOf(opened.rank()));
        String clickId = page.loggedClickId();

        SearchClick click = await("click " + clickId + " on the clicks topic").atMost(Duration.ofSeconds(30))
                .until(() -> stack.clicks().stream().filter(c -> c.clickId().equals(clickId)).findFirst(),
                        found -> found.isPresent())
                .orElseThrow();
        assertThat(click.searchId()).isEqualTo(textSearchId);
        assertThat(click.imageId()).isEqualTo(opened.imageId());
        assertThat(click.rank()).isEqualTo(opened.rank());
        assertThat(click.baseModelId()).isEqualTo(stack.modelId);
        assertThat(click.modelVersion()).isZero();

        page.closeModalWithEscape();
        assertThat(page.activeTestId()).as("focus back on the card that opened the modal").isEqualTo("open-result");
    }

    @Test
    @Order(5)
    void moreLikeThisSearchesByTheImageAndLeavesTheImageItselfOut() {
        String source = page.results().get(0).imageId();

        page.moreLikeThis(page.results().get(0));

        assertThat(page.state()).isEqualTo("ready");
        assertThat(page.searchId()).isNotEqualTo(textSearchId);
        assertThat(decodedUrl()).contains("similar=" + source);
        assertThat(page.text("summary")).contains(source);
        assertThat(page.ranks()).first().isEqualTo(1);
        assertThat(page.imageIds()).hasSize(PAGE).doesNotContain(source);

        String fromModal = page.results().get(4).imageId();
        page.openResult(page.results().get(4));
        page.searching(() -> driver.findElement(SearchPage.testId("modal-more-like-this")).click());
        assertThat(page.modalOpen()).isFalse();
        assertThat(decodedUrl()).contains("similar=" + fromModal);
        assertThat(page.imageIds()).isNotEmpty().doesNotContain(fromModal);
    }

    @Test
    @Order(6)
    void searchingByAnUploadedImageFindsThatImageFirstAndPagesOn() throws Exception {
        Path file = tmp.resolve("query.jpg");
        Files.write(file, PUBLISHED.get("img-07"));

        page.upload(file);

        assertThat(page.state()).isEqualTo("ready");
        assertThat(page.results()).isNotEmpty();
        assertThat(page.results().get(0).imageId()).isEqualTo("img-07");
        assertThat(page.results().get(0).rank()).isEqualTo(1);
        assertThat(page.text("summary")).contains("query.jpg");

        String uploadSearchId = page.searchId();
        page.nextPage();
        assertThat(page.ranks()).first().isEqualTo(PAGE + 1);
        assertThat(page.searchId()).as("later pages continue the upload's search").isEqualTo(uploadSearchId);
        assertThat(page.imageIds()).doesNotContain("img-07");
    }

    @Test
    @Order(7)
    void aRefusedSearchShowsTheProblemDetailFromTheApi() throws Exception {
        page.search("");

        assertThat(page.state()).isEqualTo("error");
        String expected = problemDetail("/v1/search?q=&k=" + PAGE + "&offset=0");
        assertThat(page.error()).isEqualTo(expected);
        assertThat(page.results()).isEmpty();
    }

    @Test
    @Order(8)
    void anInlineImageOpensLargeFromItsThumbnail() {
        page.open("/?q=" + URLEncoder.encode("colourful shapes on a gradient", StandardCharsets.UTF_8));
        assertThat(page.results()).hasSize(20);
        assertThumbnailsShow();
        Result inline = page.results().stream().filter(r -> INLINE.contains(r.imageId())).findFirst().orElseThrow();

        page.openResult(inline);

        assertThat(page.naturalWidth(page.modalImage())).as("the thumbnail, bounded by the indexer")
                .isPositive().isLessThanOrEqualTo(320);
        assertThat(page.originalLink()).as("no url a browser could open").isEmpty();
        page.closeModalWithEscape();
    }

    @Test
    @Order(10)
    void aNegativeTermMovesTheSearchAwayAndItsClicksTrainOnThePositiveText() throws Exception {
        page.search("a red boat -sunset");

        assertThat(page.state()).isEqualTo("ready");
        String searchId = page.searchId();
        int k = page.results().size();
        assertThat(page.text("summary")).contains("“a red boat” · not “sunset”");
        assertThat(decodedUrl()).contains("q=a red boat -sunset");
        List<String> listed = hitIds(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"k\":" + k + ",\"terms\":[{\"text\":\"a red boat\"},"
                                + "{\"text\":\"sunset\",\"weight\":-1}]}")).build());
        List<String> plain = hitIds(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/search?k=" + k
                + "&q=" + URLEncoder.encode("a red boat", StandardCharsets.UTF_8))).build());
        assertThat(page.imageIds()).as("the API's ranking for the same terms").isEqualTo(listed)
                .as("not the plain prompt's").isNotEqualTo(plain);

        JsonNode impression = await("impression of " + searchId).atMost(Duration.ofSeconds(30))
                .until(() -> impressionOf(searchId), java.util.Objects::nonNull);
        assertThat(impression.path("terms")).hasSize(2);
        assertThat(impression.path("terms").get(0).path("text").asText()).isEqualTo("a red boat");
        assertThat(impression.path("terms").get(0).path("weight").asDouble()).isEqualTo(1.0);
        assertThat(impression.path("terms").get(1).path("text").asText()).isEqualTo("sunset");
        assertThat(impression.path("terms").get(1).path("weight").asDouble()).isEqualTo(-1.0);
        assertThat(impression.path("queryText").asText()).isEqualTo("a red boat");

        Result opened = page.results().get(2);
        page.openResult(opened);
        String clickId = page.loggedClickId();
        page.closeModalWithEscape();
        stack.startTrainer(Map.of());
        JsonNode pair = await("click pair of click " + clickId + " (" + stack.logs() + ")")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> TopicReader.readAll(stack.infra.kafkaBootstrapServers(), stack.clickPairs).stream()
                        .map(r -> readTree(r.value())).filter(p -> p.path("clickId").asText().equals(clickId))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(pair.path("queryText").asText()).as("the positive text, without the negative term")
                .isEqualTo("a red boat");
        assertThat(pair.path("imageId").asText()).isEqualTo(opened.imageId());
        assertThat(pair.path("rank").asInt()).isEqualTo(opened.rank() - 1);
    }

    @Test
    @Order(11)
    void aMistakeInTheSearchSyntaxIsExplainedAndSelectedInTheBox() throws Exception {
        page.search("red -\"green grass");

        assertThat(page.state()).isEqualTo("error");
        assertThat(page.error()).isEqualTo(problemDetail("/v1/search?q="
                + URLEncoder.encode("red -\"green grass", StandardCharsets.UTF_8) + "&k=" + PAGE + "&offset=0"));
        assertThat(page.error()).contains("no closing quote");
        assertThat(driver.findElement(SearchPage.testId("search-input")).getDomAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(page.selection("search-input")).as("the term at fault").containsExactly(4L, 17L);
        assertThat(page.results()).isEmpty();
    }

    @Test
    @Order(12)
    void aKeywordSearchFindsTheWordOfACaptionAndHybridPutsItFirst() throws Exception {
        page.search("zebra");
        List<String> byMeaning = page.imageIds();

        page.rankBy("keyword");

        assertThat(page.state()).isEqualTo("ready");
        assertThat(decodedUrl()).contains("q=zebra").contains("mode=keyword");
        assertThat(page.imageIds()).containsExactly("img-05").isNotEqualTo(byMeaning);
        assertThat(page.imageIds()).isEqualTo(hitIds(HttpRequest.newBuilder(URI.create(stack.baseUrl()
                + "/v1/search?q=zebra&mode=keyword")).build()));

        page.rankBy("hybrid");

        assertThat(decodedUrl()).contains("mode=hybrid");
        assertThat(page.imageIds()).hasSizeGreaterThan(1).startsWith("img-05");
        page.back();
        assertThat(page.imageIds()).containsExactly("img-05");
        assertThat(driver.findElement(SearchPage.testId("search-mode")).getDomProperty("value")).isEqualTo("keyword");
    }

    /**
     * A version published with a relevance calibration goes live; the page asks for the cut-off, folds the hits
     * below it away behind "N weaker results" (unfolded on a click), and says "no good match" when none passed.
     */
    @Test
    @Order(13)
    void resultsBelowTheCutoffFoldAwayAndNoGoodMatchIsSaid() throws Exception {
        // P = sigmoid(1 + 1000 (score - best)): falls with the gap to the best hit.
        stack.publishCalibratedVersion(1, new RelevanceCalibration(8,
                List.of(0.0, 1000.0, 0.0, 0.0, 0.0), 1.0, 0.5));
        await("v1 reindexed and activated (" + stack.logs() + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> activate(1) == 202);
        String q = URLEncoder.encode("a red boat at sunset", StandardCharsets.UTF_8);
        JsonNode judged = await("searches on v1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> getJson("/v1/search?q=" + q + "&k=" + PAGE + "&cutoff=0"),
                        a -> a.path("model").path("version").asInt() == 1);
        double third = judged.path("hits").get(2).path("probability").asDouble();
        double fourth = judged.path("hits").get(3).path("probability").asDouble();
        assertThat(third).isGreaterThan(fourth);

        page.open("/?q=" + q + "&k=" + PAGE + "&cutoff=" + (third + fourth) / 2);
        assertThat(page.ranks()).as("every hit is on the page").hasSize(PAGE);
        assertThat(page.text("cutoff-separator")).isEqualTo("7 weaker results");
        List<Result> results = page.results();
        assertThat(results.subList(0, 3)).allMatch(r -> r.element().isDisplayed());
        assertThat(results.subList(3, PAGE)).noneMatch(r -> r.element().isDisplayed());
        assertThat(driver.findElements(SearchPage.testId("no-good-match"))).isEmpty();
        driver.findElement(SearchPage.testId("weaker-toggle")).click();
        assertThat(page.until(() -> page.results().subList(3, PAGE).stream()
                .allMatch(r -> r.element().isDisplayed()), shown -> shown)).isTrue();

        page.open("/?q=" + q + "&k=" + PAGE + "&cutoff=1");
        assertThat(page.text("no-good-match")).startsWith("No good match");
        assertThat(page.text("cutoff-separator")).isEqualTo(PAGE + " weaker results");
        assertThat(page.results()).noneMatch(r -> r.element().isDisplayed());
        assertThat(activate(0)).isEqualTo(202);
    }

    private static int activate(int version) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v1/admin/models/activate"))
                .header("X-API-Key", stack.apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\": " + version + "}")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static JsonNode getJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    /**
     * Every thumbnail on screen decoded to real pixels: inline images from the API's thumbnail endpoint, the
     * others straight from their url.
     */
    private static void assertThumbnailsShow() {
        page.awaitThumbnailsSettled();
        for (Result result : page.results()) {
            assertThat(page.thumbnailWidth(result)).as("thumbnail of " + result.imageId()).isPositive();
        }
    }

    private static String decodedUrl() {
        return URLDecoder.decode(page.currentUrl(), StandardCharsets.UTF_8);
    }

    private static List<String> hitIds(HttpRequest request) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        EventJson.mapper().readTree(response.body()).path("hits").forEach(h -> ids.add(h.path("imageId").asText()));
        return ids;
    }

    /** The first impression logged for a search, or null. */
    private static JsonNode impressionOf(String searchId) {
        return TopicReader.readAll(stack.infra.kafkaBootstrapServers(), stack.impressions).stream()
                .filter(r -> searchId.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> readTree(r.value())).findFirst().orElse(null);
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The `detail` of the problem the API answers for this request when it is sent directly. */
    private static String problemDetail(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = EventJson.mapper().readTree(response.body());
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem.path("detail").asText();
    }
}
