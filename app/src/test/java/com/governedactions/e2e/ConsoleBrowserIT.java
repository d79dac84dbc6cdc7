package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.api.SecurityConfiguration;
import com.governedactions.devstack.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web console in a real browser (Debian's headless chromium) against the assembled service in
 * dev mode: people sign in with their demo token as password, find a pending refund in the inbox
 * with its SLA, open it and decide; a requester is refused deciding their own request in the
 * API's words; hostile text is shown as text and runs nothing.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsoleBrowserIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final String BASE = "http://localhost:" + HTTP_PORT;
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  /** Each sets a flag before its alert, so a script that ran is seen even if the alert is missed. */
  private static final String IMG_XSS = "<img src=x onerror=\"window.xssRan=1;alert(1)\">";
  private static final String SCRIPT_XSS = "\"><script>window.xssRan=1;alert(1)</script>";

  private static HeadlessChromium browser;
  private final LiveService service = new LiveService(HTTP_PORT, WAIT);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
    // sam is an agent who is also a supervisor here, so only separation of duties can refuse him.
    registry.add("governed.security.principals.sam.human", () -> "true");
    registry.add("governed.security.principals.sam.roles", () -> "AGENT,SUPERVISOR");
    // paul's policy change waits for petra (dual control); no other test here changes the policy.
    registry.add("governed.policy.dual-control", () -> "true");
  }

  @BeforeAll
  static void startBrowser() {
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void given_aPendingRefund_when_aliceApprovesItInTheConsole_then_itSucceeds_and_theTimelineShowsIt()
      throws Exception {
    String actionId = pendingAiRefund("89.50", "damaged in transit " + IMG_XSS + SCRIPT_XSS);
    ChromeDriver driver = browser.driver();
    signIn(driver, "alice", "dev-alice");

    By row = By.cssSelector("tr.row[data-action-id='" + actionId + "']");
    waitFor(driver, row);
    assertThat(textOf(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "'] td.sla .countdown")))
        .matches("3h 5\\dm \\d\\ds");
    assertThat(textOf(driver, row)).contains("refund", "89.50 USD", "support-bot", "(ai)", "refund-medium-approval");
    // A refund's reason is free text of a destructive type: PostgreSQL keeps only its hash and length,
    // and the inbox reads nothing else, so the row says where the words are (the action page, below).
    assertThat(textOf(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "'] td.reason")))
        .isEqualTo("(kept redacted: on the action page)");
    assertNoScriptRan(driver);
    browser.screenshot(SCREENSHOTS.resolve("inbox.png"));

    clickOn(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "'] a.open"));
    waitFor(driver, By.id("approve-form"));
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(driver.findElement(By.id("confirmation-text")).getText()).startsWith("Refund USD 89.50 to order");
    // The consent receipt: the hash of the text on the page, checked, and who relayed the yes.
    assertThat(driver.findElement(By.id("consent-text-sha256")).getText())
        .isEqualTo(ConsentReceipt.sha256(driver.findElement(By.id("confirmation-text")).getText()));
    assertThat(driver.findElement(By.id("consent-text-check")).getText()).isEqualTo("matches the text shown");
    assertThat(driver.findElement(By.id("consent-outcome")).getText()).contains("CONFIRMED", "by chat-backend");
    assertThat(driver.findElement(By.id("params")).getText()).contains(IMG_XSS);
    assertThat(driver.findElement(By.id("temporal-link")).getAttribute("href"))
        .endsWith("/namespaces/default/workflows/" + actionId);
    assertNoScriptRan(driver);
    browser.screenshot(SCREENSHOTS.resolve("action.png"));

    driver.findElement(By.id("comment")).sendKeys("order checked " + SCRIPT_XSS);
    driver.findElement(By.id("approve")).click();
    waitFor(driver, By.id("notice"));
    awaitStatusOnPage(driver, "SUCCEEDED");
    String timeline = driver.findElement(By.id("timeline")).getText();
    assertThat(timeline).contains("APPROVED", "by alice", "STEP_SUCCEEDED", "SUCCEEDED");
    assertThat(driver.findElement(By.id("chain")).getText())
        .as("the action's own hash chain, checked for the page").startsWith("Hash chain verified:");
    assertThat(driver.findElement(By.id("approvals")).getText()).contains("alice", "order checked " + SCRIPT_XSS);
    assertNoScriptRan(driver);
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("SUCCEEDED");
    browser.screenshot(SCREENSHOTS.resolve("action-succeeded.png"));
    signOut(driver);
  }

  @Test
  void given_samRequestedTheRefund_when_heApprovesItInTheConsole_then_refusedInlineInTheApisWords()
      throws Exception {
    String body = LiveService.aiRefundBody("console-" + UUID.randomUUID(), LiveService.newOrder("CON-", "C-42", "PAID",
            "120.00"), "75.00", customer(), "conv-console")
        .replace("{\"type\":\"ai\",\"id\":\"support-bot\"}", "{\"type\":\"human\"}");
    String actionId = JSON.readTree(service.post("/actions", "dev-agent", body).body()).get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-agent", "{}").statusCode()).isEqualTo(200);
    service.awaitStatus(actionId, "AWAITING_APPROVAL");
    ChromeDriver driver = browser.driver();
    signIn(driver, "sam", "dev-agent");

    driver.get(BASE + "/console/actions/" + actionId);
    driver.findElement(By.id("approve")).click();

    assertThat(waitFor(driver, By.id("refusal")).getText()).contains("requested this action");
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    signOut(driver);
  }

  @Test
  void given_aRejectReasonWithMarkup_when_aliceRejects_then_itIsShownAsText_and_noScriptRuns() throws Exception {
    String actionId = pendingAiRefund("66.00", "damaged");
    ChromeDriver driver = browser.driver();
    signIn(driver, "alice", "dev-alice");

    driver.get(BASE + "/console/actions/" + actionId);
    driver.findElement(By.id("reject")).click();
    // The browser itself asks for the required reason; the server asks too when the form skips it.
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("AWAITING_APPROVAL");
    driver.findElement(By.id("reason")).sendKeys(IMG_XSS + SCRIPT_XSS);
    driver.findElement(By.id("reject")).click();
    waitFor(driver, By.id("notice"));
    awaitStatusOnPage(driver, "REJECTED");

    // The trail keeps a rejection's reason redacted (its hash and length), so it is never sent back as markup.
    assertThat(driver.findElement(By.id("timeline")).getText()).contains("REJECTED", "by alice", "redacted");
    assertNoScriptRan(driver);
    signOut(driver);
  }

  @Test
  void given_theConsole_when_anyPageIsServed_then_aContentSecurityPolicyForbidsInlineScript() throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    for (String path : new String[] {"/login", "/", "/console/inbox"}) {
      HttpResponse<String> answer =
          http.send(HttpRequest.newBuilder(URI.create(BASE + path)).GET().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path)
          .contains(SecurityConfiguration.CONTENT_SECURITY_POLICY);
      assertThat(SecurityConfiguration.CONTENT_SECURITY_POLICY).contains("script-src 'self';")
          .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }
  }

  @Test
  void given_aDecidedRefund_when_oliviaSearchesTheAuditTrail_then_sheSeesItsEvents_exportsTheCsv_andTheChainHolds()
      throws Exception {
    String actionId = pendingAiRefund("71.00", "damaged");
    assertThat(service.post("/actions/" + actionId + "/approve", "dev-alice", "{\"comment\": \"ok\"}").statusCode())
        .isEqualTo(200);
    service.awaitStatus(actionId, "SUCCEEDED");
    String customerId = service.action(actionId).get("customer").get("id").asText();
    ChromeDriver driver = browser.driver();
    signIn(driver, "olivia", "dev-olivia");

    driver.findElement(By.id("nav-audit")).click();
    driver.findElement(By.name("customerId")).sendKeys(customerId);
    driver.findElement(By.id("search-audit")).click();
    new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector("#audit-events tr[data-event]")).size() >= 5);
    String events = driver.findElement(By.id("audit-events")).getText();
    assertThat(events).contains(actionId, "REQUESTED", "CONFIRMED", "APPROVED", "alice", "SUCCEEDED");
    browser.screenshot(SCREENSHOTS.resolve("audit.png"));

    // The export link rides the session: fetched from the page, no token anywhere in it.
    String href = driver.findElement(By.id("export-csv")).getAttribute("href");
    assertThat(href).contains("customerId=" + customerId).doesNotContain("token").doesNotContain("dev-");
    Object csv = driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));", href);
    assertThat(String.valueOf(csv).lines().skip(1).filter(line -> line.contains(actionId)).count())
        .as("one CSV row per event of the action").isGreaterThanOrEqualTo(5);

    driver.findElement(By.id("verify-chain")).click();
    assertThat(waitFor(driver, By.id("chain-ok")).getText()).contains("events checked");
    signOut(driver);
  }

  @Test
  void given_aDecidedRefund_when_mariaOpensTheOverviewAndAlerts_andPaulTheAutonomyPage_then_eachShowsTodaysEvidence()
      throws Exception {
    String actionId = pendingAiRefund("72.00", "damaged");
    assertThat(service.post("/actions/" + actionId + "/approve", "dev-alice", "{\"comment\": \"ok\"}").statusCode())
        .isEqualTo(200);
    service.awaitStatus(actionId, "SUCCEEDED");
    ChromeDriver driver = browser.driver();
    signIn(driver, "maria", "dev-maria");

    driver.findElement(By.id("nav-overview")).click();
    assertThat(Long.parseLong(waitFor(driver, By.id("created")).getText())).isPositive();
    assertThat(driver.findElement(By.id("by-status")).getText()).contains("SUCCEEDED");
    assertThat(driver.findElement(By.id("deciders")).getText()).contains("alice");
    assertThat(driver.findElement(By.id("median-to-decision")).getText()).matches("(\\d+h )?(\\d+m )?\\d+s");
    browser.screenshot(SCREENSHOTS.resolve("overview.png"));

    driver.findElement(By.id("nav-alerts")).click();
    waitFor(driver, By.id("alerts"));
    assertThat(driver.findElements(By.id("nav-autonomy"))).as("a manager reads the evidence too").hasSize(1);
    assertThat(driver.findElements(By.id("nav-audit"))).as("the audit trail is the operators'").isEmpty();
    browser.screenshot(SCREENSHOTS.resolve("alerts.png"));
    signOut(driver);

    signIn(driver, "paul", "dev-paul");
    assertThat(driver.findElements(By.id("nav-overview"))).as("a policy admin has no overview").isEmpty();
    driver.findElement(By.id("nav-autonomy")).click();
    assertThat(waitFor(driver, By.id("window")).getText()).contains("against active policy version");
    assertThat(driver.findElement(By.id("paths")).getText()).contains("refund", "support-bot");
    browser.screenshot(SCREENSHOTS.resolve("autonomy.png"));
    driver.findElement(By.name("from")).sendKeys("yesterday");
    driver.findElement(By.id("read-evidence")).click();
    assertThat(waitFor(driver, By.id("problem")).getText()).contains("must be an ISO-8601 instant");
    signOut(driver);
  }

  @Test
  void given_aPhoneSizedWindow_when_aliceClaimsFiltersAndApprovesByKeyboard_then_everyPageFitsAndTheRefundSucceeds()
      throws Exception {
    String actionId = pendingAiRefund("58.37", "damaged in transit");
    ChromeDriver driver = browser.driver();
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      signIn(driver, "alice", "dev-alice");
      // The amount filter finds the refund among the other tests' pending actions.
      driver.findElement(By.id("filter-min")).sendKeys("58.37");
      driver.findElement(By.id("filter-max")).sendKeys("58.37");
      driver.findElement(By.id("filter-apply")).click();
      waitFor(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "']"));
      assertFitsTheWindow(driver, "inbox");
      assertThat(driver.findElement(By.id("rows")).getAttribute("hx-get")).contains("min=58.37", "max=58.37");

      clickOn(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "'] button.claim-button"));
      assertThat(waitFor(driver, By.id("notice")).getText()).contains("Claimed");
      driver.findElement(By.id("filter-mine")).click();
      driver.findElement(By.id("filter-apply")).click();
      waitFor(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "']"));
      assertThat(textOf(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "'] td.claim")))
          .contains("claimed by me");
      assertThat(driver.findElements(By.cssSelector("#rows tr.row"))).hasSize(1);
      assertFitsTheWindow(driver, "filtered inbox");
      browser.screenshot(SCREENSHOTS.resolve("inbox-phone.png"));

      // Keyboard only: j selects the row, Enter opens it, a lands in the approve form, Tab reaches Approve.
      new Actions(driver).sendKeys("j").perform();
      assertThat(driver.switchTo().activeElement().getAttribute("data-action-id")).isEqualTo(actionId);
      new Actions(driver).sendKeys(Keys.ENTER).perform();
      WebElement approve = waitFor(driver, By.id("approve"));
      assertThat(driver.findElement(By.id("claim-state")).getText()).startsWith("Claimed by me");
      assertFitsTheWindow(driver, "action page");
      assertThat(approve.isDisplayed()).isTrue();
      assertThat(approve.getRect().getX() + approve.getRect().getWidth())
          .isLessThanOrEqualTo(((Number) driver.executeScript("return window.innerWidth")).intValue());
      browser.screenshot(SCREENSHOTS.resolve("action-phone.png"));
      new Actions(driver).sendKeys("a").perform();
      assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("comment");
      new Actions(driver).sendKeys("checked on the phone").sendKeys(Keys.TAB).perform();
      assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("approve");
      new Actions(driver).sendKeys(Keys.ENTER).perform();

      waitFor(driver, By.id("notice"));
      awaitStatusOnPage(driver, "SUCCEEDED");
      assertThat(service.action(actionId).get("status").asText()).isEqualTo("SUCCEEDED");
      signOut(driver);
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  void given_rejectPresets_when_aliceClicksOne_then_itFillsTheReason_andTheRejectionCarriesIt() throws Exception {
    String actionId = pendingAiRefund("61.00", "damaged");
    ChromeDriver driver = browser.driver();
    signIn(driver, "alice", "dev-alice");

    driver.get(BASE + "/console/actions/" + actionId);
    driver.findElement(By.cssSelector("button.preset[data-reason='Suspected fraud']")).click();
    assertThat(driver.findElement(By.id("reason")).getAttribute("value")).isEqualTo("Suspected fraud");
    driver.findElement(By.id("reason")).sendKeys(": two refunds for one order");
    driver.findElement(By.id("reject")).click();
    waitFor(driver, By.id("notice"));
    awaitStatusOnPage(driver, "REJECTED");
    signOut(driver);
  }

  @Test
  void given_paulsTypoThenALowerRefundThreshold_when_heSimulatesAndSaves_andPetraApproves_then_theNewVersionIsActive()
      throws Exception {
    // A recorded 450.00 refund in the window, so lowering the large-refund threshold to 400 changes a decision.
    String order = LiveService.newOrder("POL-", "C-42", "PAID", "500.00");
    HttpResponse<String> recorded = service.post("/actions", "dev-chat",
        LiveService.aiRefundBody("console-" + UUID.randomUUID(), order, "450.00", customer(), "conv-policy"));
    assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
    JsonNode before = activePolicy();
    String original = before.get("document").asText();
    assertThat(original).contains("action.amount > 500.0", "action.amount <= 500.0");
    String lowered = original.replace("action.amount > 500.0", "action.amount > 400.0")
        .replace("action.amount <= 500.0", "action.amount <= 400.0");
    List<String> lines = original.lines().toList();
    int largeLine = 1 + java.util.stream.IntStream.range(0, lines.size())
        .filter(i -> lines.get(i).contains("action.amount > 500.0")).findFirst().orElseThrow();
    ChromeDriver driver = browser.driver();
    try {
      signIn(driver, "paul", "dev-paul");
      driver.findElement(By.id("nav-policy")).click();
      assertThat(waitFor(driver, By.id("active-version")).getText()).isEqualTo(before.get("version").asText());
      driver.findElement(By.id("edit-policy")).click();
      WebElement editor = waitFor(driver, By.id("document"));
      assertThat(editor.getAttribute("value")).isEqualTo(original);

      // The typo: a misspelled field in the large-refund rule, found at its line and column.
      setText(driver, By.id("document"), lowered.replace("action.amount > 400.0", "action.amout > 400.0"));
      driver.findElement(By.id("simulate")).click();
      String problems = waitFor(driver, By.id("problems")).getText();
      assertThat(problems).containsPattern("line " + largeLine + ", column \\d+: rule 'refund-large': .*amout");
      assertThat(driver.findElement(By.id("line-" + largeLine)).getAttribute("class")).contains("bad-line");
      assertThat(driver.findElement(By.id("document")).getAttribute("value")).contains("action.amout > 400.0");
      assertAccessible(driver, "policy editor with a problem");
      // The problem links to its line in the numbered draft, marked with the message beside it.
      driver.findElement(By.cssSelector("#problems a.problem-link")).click();
      WebElement marked = waitFor(driver, By.id("line-" + largeLine));
      driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", marked);
      assertThat(marked.getText()).contains("action.amout > 400.0", "undefined field 'amout'");
      browser.screenshot(SCREENSHOTS.resolve("policy-edit.png"));

      // Fixed: the simulation shows the 450.00 refund (and any like it) denied now, before anything is saved.
      setText(driver, By.id("document"), lowered);
      driver.findElement(By.id("simulate")).click();
      assertThat(Long.parseLong(waitFor(driver, By.id("changed")).getText())).isPositive();
      assertThat(driver.findElement(By.id("transitions")).getText()).contains("→ deny");
      assertThat(driver.findElements(By.id("problems"))).isEmpty();
      assertThat(activePolicy().get("version").asLong()).as("nothing saved yet").isEqualTo(before.get("version").asLong());
      browser.screenshot(SCREENSHOTS.resolve("policy-simulate.png"));

      driver.findElement(By.id("save")).click();
      assertThat(waitFor(driver, By.id("saved-status")).getText()).isEqualTo("PENDING");
      String saved = driver.findElement(By.id("saved-version")).getText();
      assertThat(activePolicy().get("version").asLong()).as("pending, not active").isEqualTo(before.get("version").asLong());
      driver.findElement(By.id("saved-version")).click();
      driver.findElement(By.id("approve")).click();
      assertThat(waitFor(driver, By.id("refusal")).getText()).contains("'paul' wrote version " + saved + " and cannot approve it");
      assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("PENDING");
      signOut(driver);

      signIn(driver, "petra", "dev-petra");
      driver.findElement(By.id("nav-policy")).click();
      driver.findElement(By.id("version-" + saved)).click();
      assertThat(waitFor(driver, By.id("diff")).getText()).contains("+    when: action.type == \"refund\" && action.amount > 400.0");
      driver.findElement(By.id("approve")).click();
      assertThat(waitFor(driver, By.id("notice")).getText()).contains("approved by petra");
      assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("ACTIVE");
      driver.findElement(By.id("nav-policy")).click();
      assertThat(waitFor(driver, By.id("active-version")).getText()).isEqualTo(saved);
      assertThat(driver.findElement(By.id("active-approver")).getText()).isEqualTo("petra");
      assertThat(driver.findElement(By.cssSelector("#versions tr[data-version='" + saved + "']")).getText())
          .contains("ACTIVE", "paul", "petra");
      browser.screenshot(SCREENSHOTS.resolve("policy.png"));
      JsonNode after = activePolicy();
      assertThat(after.get("version").asText()).isEqualTo(saved);
      assertThat(after.get("document").asText()).isEqualTo(lowered);
      signOut(driver);
    } finally {
      restorePolicy(original);
    }
  }

  private JsonNode activePolicy() throws Exception {
    HttpResponse<String> answer = service.send(HttpRequest.newBuilder(service.api("/policy"))
        .header("Authorization", "Bearer dev-paul").GET());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  /** The other tests here expect the policy this test found: paul puts it back and petra approves it. */
  private void restorePolicy(String original) throws Exception {
    if (activePolicy().get("document").asText().equals(original)) {
      return;
    }
    HttpResponse<String> put = service.send(HttpRequest.newBuilder(service.api("/policy"))
        .header("Authorization", "Bearer dev-paul").header("Content-Type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofString(original)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
    long version = JSON.readTree(put.body()).get("version").asLong();
    HttpResponse<String> approved = service.post("/policy/versions/" + version + "/approve", "dev-petra", "{}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
  }

  /** Replaces a textarea's text as a paste would (typing a whole policy key by key is slow). */
  private static void setText(ChromeDriver driver, By field, String text) {
    driver.executeScript("arguments[0].value = arguments[1];", driver.findElement(field), text);
  }

  @Test
  void given_theConsolesPages_when_axeCoreChecksThem_then_noSeriousOrCriticalViolations() throws Exception {
    String actionId = pendingAiRefund("63.00", "damaged");
    ChromeDriver driver = browser.driver();
    signIn(driver, "alice", "dev-alice");
    waitFor(driver, By.cssSelector("tr.row[data-action-id='" + actionId + "']"));
    assertAccessible(driver, "inbox");
    driver.get(BASE + "/?min=abc");
    assertAccessible(driver, "inbox with a bad filter");
    driver.get(BASE + "/console/actions/" + actionId);
    waitFor(driver, By.id("status"));
    assertAccessible(driver, "action page");
    signOut(driver);

    signIn(driver, "olivia", "dev-olivia");
    driver.get(BASE + "/console/audit?customerId=" + service.action(actionId).get("customer").get("id").asText());
    waitFor(driver, By.id("audit-events"));
    assertAccessible(driver, "audit page");
    signOut(driver);
  }

  /** axe-core (the webjar, test scope) run in the page: no serious or critical violation. */
  private static void assertAccessible(ChromeDriver driver, String page) throws Exception {
    driver.executeScript(axeSource());
    Object found = driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
            + "  .filter(v => v.impact === 'serious' || v.impact === 'critical')"
            + "  .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))),"
            + "  e => done(['axe failed: ' + e]));");
    assertThat((List<?>) found).as(page + " violations").isEmpty();
  }

  private static String axeSource() throws Exception {
    ClassLoader loader = ConsoleBrowserIT.class.getClassLoader();
    java.util.Properties pom = new java.util.Properties();
    try (var in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      pom.load(in);
    }
    try (var in = loader.getResourceAsStream(
        "META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Nothing on the page is wider than the window: no sideways scrolling on a phone. */
  private static void assertFitsTheWindow(ChromeDriver driver, String page) {
    Object widths = driver.executeScript(
        "return [document.documentElement.scrollWidth, window.innerWidth];");
    List<?> w = (List<?>) widths;
    assertThat(((Number) w.get(0)).intValue()).as(page + ": scrollWidth <= innerWidth")
        .isLessThanOrEqualTo(((Number) w.get(1)).intValue());
  }

  private String pendingAiRefund(String amount, String reason) throws Exception {
    String body = LiveService.aiRefundBody("console-" + UUID.randomUUID(),
            LiveService.newOrder("CON-", "C-42", "PAID", "120.00"), amount, customer(), "conv-console")
        .replace("\"reason\":\"damaged\"", "\"reason\":" + JSON.writeValueAsString(reason));
    HttpResponse<String> created = service.post("/actions", "dev-chat", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    service.awaitStatus(actionId, "AWAITING_APPROVAL");
    return actionId;
  }

  private static String customer() {
    return "C-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void signIn(ChromeDriver driver, String name, String password) {
    driver.get(BASE + "/login");
    driver.findElement(By.id("username")).sendKeys(name);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    assertThat(waitFor(driver, By.id("signed-in-as")).getText()).isEqualTo(name);
  }

  private static void signOut(ChromeDriver driver) {
    driver.findElement(By.id("sign-out")).click();
    waitFor(driver, By.id("signed-out"));
    driver.get(BASE + "/");
    waitFor(driver, By.id("sign-in"));
  }

  private static WebElement waitFor(ChromeDriver driver, By what) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(what));
  }

  /**
   * An element's text, found afresh: the inbox's rows are replaced by its poll every 5 s, so an
   * element found a moment ago may be gone (stale) by the time it is read.
   */
  private static String textOf(ChromeDriver driver, By what) {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(what).getText());
  }

  /** A click on an element found afresh, for the same reason as {@link #textOf}. */
  private static void clickOn(ChromeDriver driver, By what) {
    new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
      d.findElement(what).click();
      return true;
    });
  }

  /** The action page shows the status as of its load: reload until the run has got there. */
  private static void awaitStatusOnPage(ChromeDriver driver, String status) {
    new WebDriverWait(driver, WAIT, Duration.ofMillis(300)).until(d -> {
      if (status.equals(d.findElement(By.id("status")).getText())) {
        return true;
      }
      d.navigate().refresh();
      return false;
    });
  }

  private static void assertNoScriptRan(ChromeDriver driver) {
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.executeScript("return window.xssRan === undefined")).isEqualTo(true);
  }
}
