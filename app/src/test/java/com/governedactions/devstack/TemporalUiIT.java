package com.governedactions.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.e2e.LiveService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator in the Temporal UI of the dev stack, in a real browser: the UI lists the refunds
 * that wait for approval by the workflow's search attributes, and a run's page shows the request
 * decrypted, through the service's codec endpoint, which the browser calls from the UI's origin
 * without a token (dev mode). Screenshots: target/temporal-ui/.
 */
class TemporalUiIT {
  /** The README's query for the refunds that wait for a supervisor. */
  static final String AWAITING_APPROVAL_REFUNDS = "GovernedActionStatus=\"AWAITING_APPROVAL\" AND GovernedActionType=\"refund\"";
  private static final Path SCREENSHOTS = Path.of("target", "temporal-ui");

  private static DevStack stack;

  @BeforeAll
  static void startDevStack() {
    stack = DevStack.start(Path.of("target", "temporal-ui-it"));
  }

  @AfterAll
  static void stopDevStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void given_refundAwaitingApproval_when_anOperatorQueriesAndOpensItInTheTemporalUi_then_listedAndItsRequestShownDecrypted()
      throws Exception {
    String orderId = LiveService.newOrder("UI-", "C-42", "PAID", "120.00");
    String waiting = stack.refundAwaitingApproval(orderId, "89.50");
    String notYetConfirmed = stack.refundAwaitingConfirmation(LiveService.newOrder("UI-", "C-42", "PAID", "120.00"), "89.50");

    try (HeadlessChromium browser = HeadlessChromium.start()) {
      ChromeDriver ui = browser.driver();
      String list = stack.temporal().uiUrl() + "/namespaces/default/workflows?query="
          + URLEncoder.encode(AWAITING_APPROVAL_REFUNDS, StandardCharsets.UTF_8).replace("+", "%20");
      WebElement run = awaitListed(ui, list, waiting);
      browser.screenshot(SCREENSHOTS.resolve("list.png"));
      assertThat(ui.findElements(By.linkText(notYetConfirmed))).as("a refund still awaiting confirmation").isEmpty();

      run.click();
      new WebDriverWait(ui, Duration.ofSeconds(30)).withMessage(() -> "the run page of " + waiting
              + " never showed the decoded order id " + orderId + " and amount 89.50; it shows:\n" + bodyText(ui))
          .until(driver -> bodyText(ui).contains(orderId) && bodyText(ui).contains("89.50"));
      browser.screenshot(SCREENSHOTS.resolve("run.png"));

      assertThat(ui.getCurrentUrl()).contains(waiting);
      assertThat(ui.getPageSource())
          .doesNotContain("binary/encrypted")
          .doesNotContain(Base64.getEncoder().encodeToString("binary/encrypted".getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Opens the list until the run shows up in it: visibility follows the workflow by a moment. */
  private static WebElement awaitListed(ChromeDriver ui, String list, String workflowId) {
    Instant deadline = Instant.now().plus(DevStack.WAIT);
    while (true) {
      ui.get(list);
      try {
        return new WebDriverWait(ui, Duration.ofSeconds(5)).until(driver -> driver.findElements(By.linkText(workflowId))
            .stream().findFirst().orElse(null));
      } catch (org.openqa.selenium.TimeoutException e) {
        assertThat(Instant.now()).as("the Temporal UI never listed %s for %s; it shows:\n%s",
            workflowId, AWAITING_APPROVAL_REFUNDS, bodyText(ui)).isBefore(deadline);
      }
    }
  }

  private static String bodyText(ChromeDriver ui) {
    return ui.findElement(By.tagName("body")).getText();
  }
}
