package io.clipstream.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page as a person uses it, in terms of its data-testid hooks. Every action that searches waits until
 * the page has finished that search (body[data-finished] moved on and the page is no longer loading).
 */
final class SearchPage {

    /** One result card as shown. */
    record Result(int rank, String imageId, double score, WebElement element) {
    }

    private final WebDriver driver;
    private final String baseUrl;
    private final WebDriverWait wait;

    SearchPage(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** Opens the page at {@code pathAndQuery} ("/" or "/?q=..."), waiting for a search the URL starts. */
    void open(String pathAndQuery) {
        driver.get(baseUrl + pathAndQuery);
        wait.until(d -> !"".equals(bodyAttribute("data-state")) && !"loading".equals(bodyAttribute("data-state")));
    }

    void search(String text) {
        searching(() -> {
            WebElement input = driver.findElement(testId("search-input"));
            input.clear();
            input.sendKeys(text, Keys.ENTER);
        });
    }

    /** Picks how to rank; with a text search on screen, the page searches again with it. */
    void rankBy(String mode) {
        searching(() -> new org.openqa.selenium.support.ui.Select(driver.findElement(testId("search-mode")))
                .selectByValue(mode));
    }

    /** Ticks or unticks "Hide duplicates"; with a search on screen, the page searches again with it. */
    void hideDuplicates() {
        searching(() -> driver.findElement(testId("collapse-duplicates")).click());
    }

    boolean hidingDuplicates() {
        return driver.findElement(testId("collapse-duplicates")).isSelected();
    }

    void nextPage() {
        searching(() -> driver.findElement(testId("next-page")).click());
    }

    void previousPage() {
        searching(() -> driver.findElement(testId("prev-page")).click());
    }

    void back() {
        searching(() -> driver.navigate().back());
    }

    void forward() {
        searching(() -> driver.navigate().forward());
    }

    void moreLikeThis(Result result) {
        searching(() -> {
            hover(result);
            result.element().findElement(testId("more-like-this")).click();
        });
    }

    void upload(Path image) {
        searching(() -> driver.findElement(testId("upload-input")).sendKeys(image.toAbsolutePath().toString()));
    }

    void searching(Runnable action) {
        String before = bodyAttribute("data-finished");
        action.run();
        wait.until(d -> !before.equals(bodyAttribute("data-finished"))
                && !"loading".equals(bodyAttribute("data-state")));
    }

    String state() {
        return bodyAttribute("data-state");
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    String searchId() {
        return driver.findElement(testId("results")).getDomAttribute("data-search-id");
    }

    List<Result> results() {
        return driver.findElements(testId("result")).stream().map(e -> new Result(
                Integer.parseInt(e.getDomAttribute("data-rank")),
                e.getDomAttribute("data-image-id"),
                Double.parseDouble(e.getDomAttribute("data-score")),
                e)).toList();
    }

    List<Integer> ranks() {
        return results().stream().map(Result::rank).toList();
    }

    List<String> imageIds() {
        return results().stream().map(Result::imageId).toList();
    }

    /** Waits until every thumbnail on screen has loaded or failed. */
    void awaitThumbnailsSettled() {
        List<WebElement> images = driver.findElements(testId("thumbnail"));
        wait.until(d -> images.stream().allMatch(img -> Boolean.TRUE.equals(js("return arguments[0].complete", img))));
    }

    long thumbnailWidth(Result result) {
        return naturalWidth(result.element().findElement(testId("thumbnail")));
    }

    long naturalWidth(WebElement img) {
        return ((Number) js("return arguments[0].naturalWidth", img)).longValue();
    }

    /** Whether this browser has a hovering pointer; without one (touch, some headless modes) scores always show. */
    boolean canHover() {
        return Boolean.TRUE.equals(js("return matchMedia('(hover: hover)').matches"));
    }

    boolean scoreShown(Result result) {
        WebElement score = result.element().findElement(testId("score"));
        return score.isDisplayed() && !"0".equals(score.getCssValue("opacity"))
                && !"0".equals(result.element().findElement(By.className("overlay")).getCssValue("opacity"));
    }

    /** Moves the mouse over a card; returns its score overlay once it shows. */
    WebElement hover(Result result) {
        new Actions(driver).moveToElement(result.element()).perform();
        WebElement score = result.element().findElement(testId("score"));
        wait.until(d -> scoreShown(result)
                && "1".equals(result.element().findElement(By.className("overlay")).getCssValue("opacity")));
        return score;
    }

    String tooltip(Result result) {
        return result.element().findElement(testId("open-result")).getDomAttribute("title");
    }

    WebElement openResult(Result result) {
        result.element().findElement(testId("open-result")).click();
        WebElement modal = driver.findElement(testId("modal"));
        wait.until(ExpectedConditions.visibilityOf(modal));
        return modal;
    }

    /** The modal's picture once it has loaded (the full image replaces the thumbnail when it arrives). */
    WebElement modalImage() {
        WebElement img = driver.findElement(testId("modal-image"));
        wait.until(d -> Boolean.TRUE.equals(js("return arguments[0].complete", img)));
        return img;
    }

    String originalLink() {
        WebElement link = driver.findElement(testId("modal-original"));
        return link.isDisplayed() ? link.getDomAttribute("href") : "";
    }

    /** The click id the API answered for the click the modal logged. */
    String loggedClickId() {
        WebElement modal = driver.findElement(testId("modal"));
        wait.until(d -> modal.getDomAttribute("data-click-id") != null);
        return modal.getDomAttribute("data-click-id");
    }

    void closeModalWithEscape() {
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("modal")));
    }

    boolean modalOpen() {
        return driver.findElement(testId("modal")).isDisplayed();
    }

    /** The shown error once it is visible. */
    String error() {
        WebElement error = driver.findElement(testId("error"));
        wait.until(ExpectedConditions.visibilityOf(error));
        return error.getText();
    }

    /** The selected range of a text input, as [selectionStart, selectionEnd]. */
    List<Long> selection(String testId) {
        @SuppressWarnings("unchecked")
        List<Long> range = (List<Long>) js("return [arguments[0].selectionStart, arguments[0].selectionEnd]",
                driver.findElement(testId(testId)));
        return range;
    }

    String text(String testId) {
        return driver.findElement(testId(testId)).getText();
    }

    String activeTestId() {
        return driver.switchTo().activeElement().getDomAttribute("data-testid");
    }

    /** Screenshot of the window as a PNG file at {@code target}; also copied to {@code copies}. */
    void screenshot(Path target, Path... copies) throws IOException {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        for (Path copy : copies) {
            Files.createDirectories(copy.getParent());
            Files.copy(shot, copy, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Waits until {@code value} satisfies {@code condition}; returns that value. */
    <T> T until(Supplier<T> value, Predicate<T> condition) {
        return wait.until(d -> {
            T v = value.get();
            return condition.test(v) ? v : null;
        });
    }

    private String bodyAttribute(String name) {
        String value = driver.findElement(By.tagName("body")).getDomAttribute(name);
        return value == null ? "" : value;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}
