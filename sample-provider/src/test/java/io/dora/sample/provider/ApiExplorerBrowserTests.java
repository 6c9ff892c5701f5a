package io.dora.sample.provider;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.dora.test.context.RandomDoraServerPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API explorer in a real headless Chromium (Debian's, driven through its chromedriver): the page loads, lists
 * every API of the sample provider and its schemas, and "Try it out" sends a real call that answers code 0. The screenshot is kept
 * as {@code target/explorer/try-it.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "dora.registry.enabled=false")
@RandomDoraServerPort
class ApiExplorerBrowserTests {

	private static final Path SCREENSHOT = Path.of("target", "explorer", "try-it.png");

	@LocalServerPort
	private int httpPort;

	private WebDriver browser;

	@BeforeEach
	void startBrowser(@TempDir Path profile) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(ExternalTools.chromium().toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile, "--window-size=1280,1800");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(ExternalTools.chromeDriver().toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void explorerListsEveryApiAndTryItOutCallsOne() throws Exception {
		String base = "http://127.0.0.1:" + this.httpPort;
		this.browser.get(base + "/explorer");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		List<String> paths = documentedPaths(base);
		wait.until((driver) -> driver.findElements(By.cssSelector(".opblock-summary-path")).size() == paths.size());
		assertThat(this.browser.getCurrentUrl()).isEqualTo(base + "/explorer/");
		assertThat(this.browser.getTitle()).isEqualTo("Dora API explorer");
		List<String> listed = this.browser.findElements(By.cssSelector(".opblock-summary-path"))
			.stream()
			.map((path) -> path.getAttribute("data-path"))
			.toList();
		assertThat(listed).containsExactlyInAnyOrderElementsOf(paths);
		assertThat(this.browser.findElement(By.cssSelector(".info .title")).getText())
			.startsWith("sample-provider (Dora APIs)");

		// OpenAPI 3.1 schemas are rendered as JSON Schema 2020-12, one article per component.
		List<String> schemas = this.browser
			.findElements(By.cssSelector("section.models article[data-json-schema-level='0'] > "
					+ ".json-schema-2020-12-head .json-schema-2020-12__title"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(schemas).contains("Item", "PageItem", "DoraResultItem", "DoraFailure");

		WebElement greet = this.browser.findElement(By.id("operations-shop-shop_greet"));
		greet.findElement(By.cssSelector(".opblock-summary")).click();
		WebElement body = wait.until(ExpectedConditions
			.elementToBeClickable(By.cssSelector("#operations-shop-shop_greet textarea.body-param__text")));
		body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		body.sendKeys("\"Dora\"");
		greet.findElement(By.cssSelector("button.execute")).click();
		By status = By.cssSelector("#operations-shop-shop_greet .live-responses-table tr.response .response-col_status");
		wait.until(ExpectedConditions.visibilityOfElementLocated(status));
		WebElement response = greet.findElement(By.cssSelector(".live-responses-table .response-col_description pre"));
		wait.until((driver) -> response.getText().contains("Hello Dora"));
		assertThat(this.browser.findElement(status).getText()).startsWith("200");
		assertThat(response.getText()).contains("\"code\": 0").contains("\"data\": \"Hello Dora\"");

		((ChromeDriver) this.browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", response);
		File screenshot = ((ChromeDriver) this.browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(SCREENSHOT.getParent());
		Files.copy(screenshot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(SCREENSHOT)).isPositive();
	}

	private static List<String> documentedPaths(String base) {
		String json = RestClient.create(base).get().uri("/openapi.json").retrieve().body(String.class);
		return List.copyOf(JsonMapper.builder().build().readTree(json).get("paths").propertyNames());
	}

}
