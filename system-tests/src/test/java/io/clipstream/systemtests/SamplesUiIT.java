package io.clipstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.systemtests.SearchPage.Result;
import io.clipstream.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a newcomer sees: the repository's {@code samples/} indexed with the trained tiny CLIP (the one-JVM run's
 * offline default) by the packaged indexer, and searched on the packaged query API's page in a real headless
 * Chromium. Prompts of (colour, shape) pairs the model never saw in training must show their pictures among the
 * first three results of the page, and the README's picture ({@code docs/images/ui.png}) is this page.
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

    @BeforeAll
    static void start() throws Exception {
        JsonNode captions = JSON.readTree(RepoPaths.resolve("samples/captions.json").toFile());
        captions.path("prompts").fields().forEachRemaining(p -> {
            Set<String> ids = new TreeSet<>();
            p.getValue().forEach(file -> ids.add(idOf(file.asText())));
            PROMPTS.put(p.getKey(), ids);
        });
        stack = new SearchStack(RepoPaths.trainedTinyModel());
        stack.startIndexer();
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
