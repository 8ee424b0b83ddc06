package io.fede2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.bench.SyntheticBuckets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The generated site in a real browser (Debian's chromium and chromedriver), opened from
 * file:// with no network: no console errors, a failing cell leads to its build, the matrix
 * filter works from the keyboard; screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    Path tmp;
    Path site;
    ChromeDriver driver;
    ChromeDriverService service;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        tmp = dir;
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: install Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver); .ci/run does");
        SyntheticBuckets.Spec spec = new SyntheticBuckets.Spec(4, 2, 16, 120, 3, DashboardTests.NOW - 3600,
                4 * 3600);
        List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), spec);
        site = tmp.resolve("site");
        Dashboard.generate(DashboardTests.config(roots), site, DashboardTests.CLOCK, ProgressListener.NONE);

        // Selenium Manager must stay offline: the binary and driver are given, statistics off.
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withEnvironment(java.util.Map.of("SE_AVOID_STATS", "true")).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    void open(String page) {
        driver.get(site.resolve(page).toUri().toString());
    }

    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::toString).toList();
    }

    void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Nested
    class Pages {

        @Test
        void summaryLoadsWithoutConsoleErrors() throws IOException {
            open("index.html");

            assertThat(driver.getTitle()).startsWith("Summary");
            assertThat(driver.findElements(By.cssSelector("table.summary tbody tr"))).hasSize(8);
            assertThat(driver.findElements(By.cssSelector("table.summary th[scope=col]"))).hasSize(9);
            assertThat(consoleErrors()).isEmpty();
            screenshot("summary.png");
        }

        @Test
        void everyKindOfPageLoadsWithoutConsoleErrors() throws IOException {
            for (String page : List.of("clusters.html", "flaky.html", "metrics.html")) {
                open(page);
                assertThat(consoleErrors()).as(page).isEmpty();
            }
            open("index.html");
            driver.findElement(By.cssSelector("table.summary tbody th a")).click();
            assertThat(driver.getCurrentUrl()).contains("/jobs/");
            assertThat(consoleErrors()).isEmpty();
            screenshot("grid.png");
            driver.findElement(By.cssSelector("table.grid tbody th a")).click();
            assertThat(driver.getCurrentUrl()).contains("/tests/");
            assertThat(driver.findElements(By.cssSelector("svg.timeline"))).isNotEmpty();
            assertThat(consoleErrors()).isEmpty();
            screenshot("test.png");
        }

        @Test
        void aFailingCellLeadsToItsBuildPageAndTheFailure() throws IOException {
            open("index.html");
            driver.findElement(By.cssSelector("table.summary tbody th a")).click();
            WebElement failing = driver.findElement(By.cssSelector("tbody tr:not(.overall) td.c.fail a"));
            String href = failing.getAttribute("href");
            String anchor = href.substring(href.indexOf('#') + 1);

            failing.click();

            assertThat(driver.getCurrentUrl()).contains("/builds/").endsWith("#" + anchor);
            WebElement failure = driver.findElement(By.id(anchor));
            assertThat(failure.getText()).contains("FAIL");
            assertThat(driver.findElement(By.cssSelector("h1")).getText()).contains("#");
            assertThat(consoleErrors()).isEmpty();
            screenshot("build.png");
        }
    }

    @Nested
    class TestPagesInTheBrowser {

        List<WebElement> shownSections() {
            return driver.findElements(By.cssSelector("section.test")).stream().filter(WebElement::isDisplayed).toList();
        }

        /** The group page holding the most tests. */
        String biggestGroup() throws IOException {
            String best = null;
            int most = 0;
            try (var files = Files.list(site.resolve("tests"))) {
                for (Path p : files.sorted().toList()) {
                    int n = TestPagesTests.sections(p).size();
                    if (n > most) {
                        most = n;
                        best = "tests/" + p.getFileName();
                    }
                }
            }
            assertThat(most).as("a group with several tests").isGreaterThan(1);
            return best;
        }

        @Test
        void aTestsLinkShowsThatTestAloneWithItsName() throws IOException {
            open("matrix.html");
            WebElement link = driver.findElement(By.cssSelector("#matrix tbody th a"));
            String name = link.getText();

            link.click();

            assertThat(driver.getCurrentUrl()).contains("/tests/").contains(".html#t-");
            List<WebElement> shown = shownSections();
            assertThat(shown).hasSize(1);
            assertThat(shown.get(0).getAttribute("id")).isEqualTo(driver.getCurrentUrl().replaceAll(".*#", ""));
            assertThat(shown.get(0).findElement(By.cssSelector("h2")).getText()).isEqualTo(name);
            assertThat(driver.findElement(By.cssSelector(".group-head")).isDisplayed()).isFalse();
            assertThat(driver.getTitle()).startsWith(name + " \u00b7 ");
            assertThat(consoleErrors()).isEmpty();
            screenshot("test-alone.png");
        }

        @Test
        void withoutAFragmentThePageListsItsTestsAndShowsThemAll() throws IOException {
            String group = biggestGroup();
            int tests = TestPagesTests.sections(site.resolve(group)).size();
            open(group);

            assertThat(shownSections()).hasSize(tests);
            List<WebElement> index = driver.findElements(By.cssSelector("ul.test-index a"));
            assertThat(index).hasSize(tests);
            String title = driver.getTitle();

            // the index leads to one test, whose "all tests" link leads back to the whole page
            String name = index.get(1).getText();
            index.get(1).click();
            assertThat(shownSections()).hasSize(1);
            assertThat(driver.getTitle()).startsWith(name + " \u00b7 ");
            shownSections().get(0).findElement(By.cssSelector("a.all-tests")).click();
            assertThat(shownSections()).hasSize(tests);
            assertThat(driver.getTitle()).isEqualTo(title);
            assertThat(consoleErrors()).isEmpty();
        }
    }

    @Nested
    class MatrixFilter {

        int visibleRows() {
            return (int) driver.findElements(By.cssSelector("#matrix tbody tr")).stream()
                    .filter(WebElement::isDisplayed).count();
        }

        @Test
        void filtersByRegexFromTheKeyboard() throws IOException {
            open("matrix.html");
            int all = visibleRows();
            assertThat(all).isEqualTo(120);
            screenshot("matrix.png");

            // '/' focuses the filter, as on GitHub; typing filters as you go
            new Actions(driver).sendKeys("/").perform();
            WebElement q = driver.switchTo().activeElement();
            assertThat(q.getAttribute("id")).isEqualTo("q");
            q.sendKeys("DNS|Kubelet");

            int shown = visibleRows();
            assertThat(shown).isBetween(1, all - 1);
            assertThat(driver.findElement(By.id("filter-status")).getText()).isEqualTo(shown + " of 120 tests shown");
            driver.findElements(By.cssSelector("#matrix tbody tr")).stream().filter(WebElement::isDisplayed)
                    .forEach(r -> assertThat(r.getAttribute("data-name")).containsAnyOf("DNS", "Kubelet"));

            q.sendKeys("(");
            assertThat(q.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(driver.findElement(By.id("filter-status")).getText()).startsWith("Not a valid regular expression");

            q.sendKeys(Keys.ESCAPE);
            assertThat(visibleRows()).isEqualTo(all);
            assertThat(consoleErrors()).isEmpty();
        }

        @Test
        void showsOnlyProviderSpecificFailuresWithTheStateSelect() {
            open("matrix.html");
            WebElement state = driver.findElement(By.id("state"));
            state.sendKeys("provider-specific");

            List<WebElement> shown = driver.findElements(By.cssSelector("#matrix tbody tr")).stream()
                    .filter(WebElement::isDisplayed).toList();
            assertThat(shown).isNotEmpty().allSatisfy(r -> assertThat(r.getAttribute("data-only")).isEqualTo("1"));
            assertThat(shown.get(0).getText()).contains("fails only on");
        }

        @Test
        void sortsByFlakiness() {
            open("matrix.html");
            driver.findElement(By.id("sort")).sendKeys("by flakiness");

            List<Double> flakiness = driver.findElements(By.cssSelector("#matrix tbody tr")).stream()
                    .map(r -> Double.parseDouble(r.getAttribute("data-flake"))).toList();
            assertThat(flakiness).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(flakiness.get(0)).isPositive();
        }
    }

    @Nested
    class Skips {

        @Test
        void theStateFilterShowsSkippedTestsWithTheirReason() throws IOException {
            open("matrix.html");
            driver.findElement(By.id("state")).sendKeys("skipped somewhere");

            List<WebElement> shown = driver.findElements(By.cssSelector("#matrix tbody tr")).stream()
                    .filter(WebElement::isDisplayed).toList();
            // the synthetic buckets skip every 23rd test on the second and fourth provider (hollow, kind)
            assertThat(shown).hasSize(5).allSatisfy(r -> {
                WebElement cell = r.findElement(By.cssSelector("td.m.skip"));
                assertThat(cell.isDisplayed()).isTrue();
                assertThat(cell.getText()).contains("SKIPPED").contains("the provider lacks capability load-balancer");
                assertThat(cell.getAttribute("title")).contains("skipped in its newest build: skipped: the provider"
                        + " lacks capability load-balancer");
            });
            assertThat(driver.findElement(By.id("filter-status")).getText()).isEqualTo("5 of 120 tests shown");
            List<String> heads = driver.findElements(By.cssSelector("#matrix thead th")).stream()
                    .map(WebElement::getText).toList();
            assertThat(heads).contains("hollow\n5 skipped", "kind\n5 skipped", "azure", "gke");
            assertThat(consoleErrors()).isEmpty();
            screenshot("matrix-skipped.png");
        }

        @Test
        void aSkippedGridCellIsShownInItsColumnsWithTheReasonAsTooltip() {
            open("index.html");
            driver.findElements(By.cssSelector("table.summary tbody th a")).stream()
                    .filter(a -> a.getText().contains("hollow")).findFirst().orElseThrow().click();

            WebElement skip = driver.findElement(By.cssSelector("tbody tr td.c.skip"));
            assertThat(skip.isDisplayed()).isTrue();
            assertThat(skip.getText()).isEqualTo("s");
            assertThat(skip.getAttribute("title")).startsWith("skipped")
                    .endsWith(": skipped: the provider lacks capability load-balancer");
            // consecutive skips of one reason are one cell spanning their builds' columns: every
            // row still fills exactly the grid's columns, and the skip sits under its builds
            int columns = driver.findElements(By.cssSelector("thead tr:first-child th")).size() - 1;
            for (WebElement row : driver.findElements(By.cssSelector("tbody tr"))) {
                int spanned = row.findElements(By.cssSelector("td")).stream()
                        .mapToInt(td -> Integer.parseInt(java.util.Objects.requireNonNullElse(
                                td.getAttribute("colspan"), "1"))).sum();
                assertThat(spanned).as(row.getText()).isEqualTo(columns);
            }
            WebElement pass = driver.findElement(By.cssSelector("tbody tr td.c.pass"));
            int span = Integer.parseInt(java.util.Objects.requireNonNullElse(skip.getAttribute("colspan"), "1"));
            assertThat(skip.getSize().getWidth()).isBetween(span * pass.getSize().getWidth() - span,
                    span * (pass.getSize().getWidth() + 4));
            assertThat(consoleErrors()).isEmpty();
        }
    }
}
