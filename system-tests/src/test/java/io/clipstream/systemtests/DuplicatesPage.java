package io.clipstream.systemtests;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The duplicates page (duplicates.html) in terms of its data-testid hooks; loads wait as {@link SearchPage}'s do. */
final class DuplicatesPage {

    /** One group card as shown. */
    record Group(String groupId, String tier, String tierLabel, List<Member> members, WebElement element) {

        List<String> imageIds() {
            return members.stream().map(Member::imageId).toList();
        }
    }

    /** One member of a group as shown: its id, its score as written, and its thumbnail. */
    record Member(String imageId, String scoreText, String alt, WebElement thumbnail) {
    }

    private final WebDriver driver;
    private final SearchPage page;

    DuplicatesPage(WebDriver driver, SearchPage page) {
        this.driver = driver;
        this.page = page;
    }

    /** Shows a tier's groups by its tab, as a person would. */
    void showTier(String tier) {
        page.searching(() -> driver.findElement(SearchPage.testId("tier-" + tier)).click());
    }

    List<Group> groups() {
        return driver.findElements(SearchPage.testId("group")).stream().map(g -> new Group(
                g.getDomAttribute("data-group-id"), g.getDomAttribute("data-tier"),
                g.findElement(SearchPage.testId("group-tier")).getText(),
                g.findElements(SearchPage.testId("member")).stream().map(m -> new Member(
                        m.getDomAttribute("data-image-id"), m.findElement(SearchPage.testId("member-score")).getText(),
                        m.findElement(SearchPage.testId("member-thumbnail")).getDomAttribute("alt"),
                        m.findElement(SearchPage.testId("member-thumbnail")))).toList(),
                g)).toList();
    }

    Group group(String groupId) {
        return groups().stream().filter(g -> g.groupId().equals(groupId)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + groupId + " on the page: " + groupIds()));
    }

    /** The ids of the groups on the page, read in one step: the page re-renders while it waits for a dismissal. */
    List<String> groupIds() {
        Object ids = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(\"[data-testid='group']\")].map(g => g.dataset.groupId);");
        return ((List<?>) ids).stream().map(String::valueOf).toList();
    }

    /** Presses "Not duplicates" of a group with the keyboard (focus, then Enter). */
    void dismissWithKeyboard(String groupId) {
        WebElement button = group(groupId).element().findElement(SearchPage.testId("dismiss"));
        button.sendKeys(org.openqa.selenium.Keys.ENTER);
    }

    String tierHelp() {
        return page.text("tier-help");
    }

    String emptyText() {
        WebElement empty = driver.findElement(SearchPage.testId("empty"));
        return empty.isDisplayed() ? empty.getText() : "";
    }

    /** The current tab: the tier link marked aria-current. */
    String currentTier() {
        return driver.findElement(By.cssSelector("[data-testid='tiers'] [aria-current]")).getDomAttribute("data-tier");
    }
}
