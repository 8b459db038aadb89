package io.clipstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.systemtests.SearchPage.Result;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.SyntheticImages;
import io.clipstream.testing.shapes.Scene;
import io.clipstream.testing.shapes.SceneRenderer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a newcomer sees: the repository's {@code samples/} indexed with the trained tiny CLIP (the one-JVM run's
 * offline default) by the packaged indexer, and searched on the packaged query API's page in a real headless
 * Chromium. Prompts of (colour, shape) pairs the model never saw in training must show their pictures among the
 * first three results of the page, and the README's picture ({@code docs/images/ui.png}) is this page. The same
 * stack then shows the duplicates page: an exact copy and a re-encode published among the samples are grouped by the
 * indexer's duplicates stage, shown side by side under their tiers, and a group dismissed in the page goes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "io.clipstream.systemtests.Browser#installed", disabledReason = Browser.MISSING)
class SamplesUiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The prompt the README's picture shows. */
    private static final String SCREENSHOT_PROMPT = "a red circle on grass";
    /** Refreshes docs/images/ui.png (the README's picture) from this run's screenshot (bin/update-screenshot). */
    private static final boolean UPDATE_DOCS_SCREENSHOT =
            Boolean.parseBoolean(System.getProperty("clipstream.ui.update-docs-screenshot", "false"));

    private static final Map<String, Set<String>> PROMPTS = new LinkedHashMap<>();
    private static final List<String> IDS = new ArrayList<>();
    private static SearchStack stack;
    private static ChromeDriver driver;
    private static SearchPage page;
    private static DuplicatesPage duplicates;

    @BeforeAll
    static void start() throws Exception {
        JsonNode captions = JSON.readTree(RepoPaths.resolve("samples/captions.json").toFile());
        captions.path("prompts").fields().forEachRemaining(p -> {
            Set<String> ids = new TreeSet<>();
            p.getValue().forEach(file -> ids.add(idOf(file.asText())));
            PROMPTS.put(p.getKey(), ids);
        });
        stack = new SearchStack(RepoPaths.trainedTinyModel());
        // The near threshold DuplicatesIT uses with this model: a JPEG re-encode groups, another picture does not.
        stack.startIndexer(Map.of("clipstream.duplicates.near-min-cosine.default", "0.98"));
        captions.path("images").fields().forEachRemaining(image -> {
            String id = idOf(image.getKey());
            IDS.add(id);
            stack.publishInline(id, read(RepoPaths.resolve("samples").resolve(image.getKey())),
                    Map.of("title", image.getValue().path("caption").asText(), "album", "samples"));
        });
        stack.awaitIndexed(IDS);
        stack.startQueryApi();
        stack.awaitThumbnails(IDS);
        driver = Browser.start(Path.of("target"));
        page = new SearchPage(driver, stack.baseUrl());
        duplicates = new DuplicatesPage(driver, page);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void heldOutPromptsShowTheirPicturesFirst() {
        assertThat(PROMPTS).as("prompts in samples/captions.json").hasSizeGreaterThanOrEqualTo(2)
                .containsKey(SCREENSHOT_PROMPT);
        assertThat(IDS).as("samples in samples/captions.json").hasSizeGreaterThanOrEqualTo(24);
        for (Map.Entry<String, Set<String>> prompt : PROMPTS.entrySet()) {
            search(prompt.getKey());
            List<String> top3 = page.imageIds().subList(0, 3);
            assertThat(top3).as("top 3 on the page for '%s'", prompt.getKey()).containsAll(prompt.getValue());
        }
    }

    @Test
    @Order(2)
    void screenshotOfTheSamples() throws IOException {
        search(SCREENSHOT_PROMPT);
        List<Result> results = page.results();
        assertThat(results.get(0).imageId()).as("the picture the README shows first")
                .isIn(PROMPTS.get(SCREENSHOT_PROMPT));
        page.awaitThumbnailsSettled();
        for (Result result : results) {
            assertThat(page.thumbnailWidth(result)).as("thumbnail of " + result.imageId()).isPositive();
        }
        page.hover(results.get(1));

        Path shot = Path.of("target", "ui-screenshot.png");
        if (UPDATE_DOCS_SCREENSHOT) {
            page.screenshot(shot, RepoPaths.resolve("docs/images/ui.png"));
        } else {
            page.screenshot(shot);
        }
        assertThat(Files.size(shot)).isPositive();
    }

    /**
     * The duplicates page is a link away from the search page; a tier without groups says so, and a tier the API
     * does not know shows the API's own explanation.
     */
    @Test
    @Order(3)
    void theDuplicatesPageSaysWhenATierHasNoGroupsAndShowsRefusals() throws Exception {
        page.open("/");
        page.searching(() -> driver.findElement(SearchPage.testId("duplicates-link")).click());
        assertThat(page.currentUrl()).endsWith("/duplicates.html");
        assertThat(duplicates.currentTier()).isEqualTo("near");

        duplicates.showTier("exact");
        assertThat(page.currentUrl()).endsWith("/duplicates.html?tier=exact");
        assertThat(page.state()).isEqualTo("empty");
        assertThat(duplicates.emptyText()).as("the samples hold no two equal files").isEqualTo("No duplicate groups");
        assertThat(duplicates.tierHelp()).contains("same bytes");

        page.open("/duplicates.html?tier=similar");
        assertThat(page.state()).isEqualTo("error");
        JsonNode problem = JSON.readTree(stack.queryApi().get("/v1/duplicates?tier=similar&limit=20&offset=0").body());
        assertThat(problem.path("field").asText()).isEqualTo("tier");
        assertThat(page.error()).isEqualTo(problem.path("detail").asText());
        assertThat(duplicates.groups()).isEmpty();
    }

    /**
     * An exact copy (the same PNG under two ids) and a JPEG re-encode of it, and a second exact pair of another
     * picture, among the samples: the page shows the exact pairs and the near group of three side by side under
     * their tiers, largest first and paged as the API pages, with the scores the API gives; "Not duplicates" on the
     * near group sends a dismissal, and the group leaves the page once the API no longer lists it.
     */
    @Test
    @Order(4)
    void duplicateGroupsShowSideBySideAndADismissedGroupGoes() throws Exception {
        BufferedImage picture = SceneRenderer.render(new Scene("red", "star", "striped", 2, "large", "grass"), 256, 7);
        byte[] png = SyntheticImages.encode(picture, "png");
        List<String> copies = List.of("dup-a", "dup-b", "dup-c");
        stack.publishInline("dup-a", png, Map.of("title", "a picture"));
        stack.publishInline("dup-b", png, Map.of("title", "the same file again"));
        stack.publishInline("dup-c", SyntheticImages.jpeg(picture, 0.6f), Map.of("title", "a re-encode"));
        byte[] other = SyntheticImages.encode(SceneRenderer.render(
                new Scene("pink", "cross", "striped", 2, "large", "night"), 256, 8), "png");
        List<String> pair = List.of("dup-x", "dup-y");
        stack.publishInline("dup-x", other, Map.of("title", "another picture"));
        stack.publishInline("dup-y", other, Map.of("title", "another picture again"));
        stack.awaitIndexed(List.of("dup-a", "dup-b", "dup-c", "dup-x", "dup-y"));
        stack.awaitThumbnails(List.of("dup-a", "dup-b", "dup-c", "dup-x", "dup-y"));
        await("duplicate groups (" + stack.logs() + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> members("near", "dup-a").equals(copies)
                        && members("exact", "dup-a").equals(List.of("dup-a", "dup-b"))
                        && members("near", "dup-x").equals(pair) && members("exact", "dup-x").equals(pair));

        // On the search page, "Hide duplicates" shows the group of three as its best-ranked image, the page filled
        // from further down as the API fills it, and the setting travels in the address.
        String prompt = "two red stars on grass";
        search(prompt);
        List<String> all = page.imageIds();
        assertThat(all).as("the copies rank on the first page").containsAll(copies);
        page.hideDuplicates();
        assertThat(page.currentUrl()).contains("collapse=near");
        List<String> collapsed = page.imageIds();
        assertThat(collapsed.stream().filter(copies::contains)).as("one of the copies").hasSize(1);
        assertThat(collapsed).as("a full page").hasSameSizeAs(all);
        JsonNode answer = JSON.readTree(stack.queryApi().get("/v1/search?k=" + all.size() + "&collapse=near&q="
                + URLEncoder.encode(prompt, StandardCharsets.UTF_8)).body());
        List<String> expected = new ArrayList<>();
        answer.path("hits").forEach(h -> expected.add(h.path("imageId").asText()));
        assertThat(collapsed).isEqualTo(expected);
        page.open("/?q=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8) + "&collapse=near");
        assertThat(page.hidingDuplicates()).as("the box is ticked from the address").isTrue();
        assertThat(page.imageIds()).isEqualTo(collapsed);
        page.hideDuplicates();
        assertThat(page.imageIds()).isEqualTo(all);

        page.open("/duplicates.html?tier=exact");
        DuplicatesPage.Group exact = duplicates.group("dup-a");
        assertThat(exact.tier()).isEqualTo("exact");
        assertThat(exact.tierLabel()).isEqualTo("Exact copies");
        assertThat(exact.imageIds()).containsExactly("dup-a", "dup-b");
        assertShownSideBySide(exact);

        duplicates.showTier("near");
        assertThat(page.currentUrl()).endsWith("/duplicates.html");
        DuplicatesPage.Group near = duplicates.group("dup-a");
        assertThat(near.tierLabel()).isEqualTo("Near duplicates");
        assertThat(near.imageIds()).isEqualTo(copies);
        JsonNode listed = group("near", "dup-a");
        for (int i = 0; i < copies.size(); i++) {
            assertThat(near.members().get(i).scoreText()).isEqualTo("cosine %.4f".formatted(
                    listed.path("members").get(i).path("score").asDouble()));
            assertThat(near.members().get(i).alt()).isEqualTo("Image " + copies.get(i));
        }
        assertShownSideBySide(near);
        assertThat(page.text("summary")).contains("largest first");
        List<String> nearIds = duplicates.groupIds();
        assertThat(nearIds).as("largest first, as the API lists them").isEqualTo(groupIds("near", 200, 0))
                .containsSubsequence("dup-a", "dup-x");
        assertThat(duplicates.group("dup-x").imageIds()).isEqualTo(pair);
        page.screenshot(Path.of("target", "duplicates-screenshot.png"));

        page.open("/duplicates.html?limit=1");
        assertThat(duplicates.groupIds()).containsExactly(nearIds.getFirst());
        page.nextPage();
        assertThat(page.currentUrl()).endsWith("/duplicates.html?page=2&limit=1");
        assertThat(duplicates.groupIds()).isEqualTo(groupIds("near", 1, 1)).containsExactly(nearIds.get(1));
        assertThat(page.text("page-info")).isEqualTo("Page 2");
        page.back();
        assertThat(duplicates.groupIds()).containsExactly(nearIds.getFirst());
        page.open("/duplicates.html");

        duplicates.dismissWithKeyboard("dup-a");
        await("the dismissed group leaves the page (" + stack.logs() + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300)).until(() -> !duplicates.groupIds().contains("dup-a"));
        assertThat(group("near", "dup-a")).as("GET /v1/duplicates?tier=near no longer lists it").isNull();
        assertThat(duplicates.groupIds()).as("the page the API lists now").isEqualTo(groupIds("near", 20, 0))
                .contains("dup-x");
        assertThat(page.text("summary")).startsWith("Dismissed the group of dup-a");
        assertThat(members("exact", "dup-a")).as("a near dismissal leaves the exact pair")
                .containsExactly("dup-a", "dup-b");

        duplicates.showTier("scene");
        assertThat(duplicates.tierHelp()).contains("never hidden");
        assertThat(duplicates.groups()).allSatisfy(g -> assertThat(g.tierLabel()).isEqualTo("Same scene"));
    }

    /** The members of a group: thumbnails that loaded, left to right on one row. */
    private static void assertShownSideBySide(DuplicatesPage.Group group) {
        List<WebElement> thumbnails = group.members().stream().map(DuplicatesPage.Member::thumbnail).toList();
        for (WebElement img : thumbnails) {
            page.until(() -> Boolean.TRUE.equals(((JavascriptExecutor) driver)
                    .executeScript("return arguments[0].complete", img)), done -> done);
            assertThat(page.naturalWidth(img)).as("thumbnail " + img.getDomAttribute("alt")).isPositive();
        }
        for (int i = 1; i < thumbnails.size(); i++) {
            assertThat(thumbnails.get(i).getLocation().getY()).isEqualTo(thumbnails.get(0).getLocation().getY());
            assertThat(thumbnails.get(i).getLocation().getX()).isGreaterThan(thumbnails.get(i - 1).getLocation().getX());
        }
    }

    /** The group {@code groupId} of a tier as GET /v1/duplicates lists it, or null. */
    private static JsonNode group(String tier, String groupId) throws IOException {
        var response = stack.queryApi().get("/v1/duplicates?tier=" + tier + "&limit=200");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode g : JSON.readTree(response.body()).path("groups")) {
            if (g.path("groupId").asText().equals(groupId)) {
                return g;
            }
        }
        return null;
    }

    /** Ids of a page of a tier's groups as GET /v1/duplicates lists them. */
    private static List<String> groupIds(String tier, int limit, int offset) throws IOException {
        var response = stack.queryApi().get("/v1/duplicates?tier=" + tier + "&limit=" + limit + "&offset=" + offset);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).path("groups").forEach(g -> ids.add(g.path("groupId").asText()));
        return ids;
    }

    private static List<String> members(String tier, String groupId) throws IOException {
        JsonNode g = group(tier, groupId);
        List<String> ids = new ArrayList<>();
        if (g != null) {
            g.path("members").forEach(m -> ids.add(m.path("imageId").asText()));
        }
        return ids;
    }

    private static void search(String prompt) {
        page.open("/?q=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8));
        assertThat(page.results()).as("results for '%s'", prompt).hasSizeGreaterThanOrEqualTo(3);
    }

    /** A sample's image id: its file name without the extension. */
    private static String idOf(String file) {
        return file.substring(0, file.lastIndexOf('.'));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
