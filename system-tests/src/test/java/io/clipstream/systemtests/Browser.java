package io.clipstream.systemtests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system packages (Debian {@code chromium}, {@code chromium-driver}), driven through
 * its own chromedriver. Both paths are given explicitly so that Selenium Manager never tries to download a driver
 * or a browser: this machine reaches no such site.
 */
final class Browser {

    static final String CHROMIUM_PROPERTY = "clipstream.chromium";
    static final String CHROMEDRIVER_PROPERTY = "clipstream.chromedriver";
    /** Held so it is not collected: the test uses no DevTools protocol, so a version mismatch is no news. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    private Browser() {
    }

    static Path chromium() {
        return Path.of(System.getProperty(CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(System.getProperty(CHROMEDRIVER_PROPERTY,
                System.getProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, "/usr/bin/chromedriver")));
    }

    static final String MISSING = "headless Chromium or chromedriver is missing: apt-get install -y chromium"
            + " chromium-driver (as .ci/run does), or point -D" + CHROMIUM_PROPERTY + " and -D" + CHROMEDRIVER_PROPERTY
            + " at them";

    /** Whether both executables are there; browser tests are skipped with {@link #MISSING} otherwise. */
    static boolean installed() {
        boolean installed = Files.isExecutable(chromium()) && Files.isExecutable(chromedriver());
        if (!installed) {
            // Maven's summary counts a skipped class but does not say why: say it where people look.
            System.err.println("SKIPPED browser tests: " + MISSING + " (looked for " + chromium() + ", "
                    + chromedriver() + ")");
        }
        return installed;
    }

    static ChromeDriver start(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        CDP_LOG.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
                "--disable-dev-shm-usage", // small /dev/shm in containers
                "--window-size=1280,900",
                "--hide-scrollbars",
                "--no-first-run",
                // Nothing may leave the machine: no component updates, no sync, no field trials.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--metrics-recording-only");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .withLogFile(new File(logDir.toFile(), "chromedriver.log"))
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
