package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.observability.ActionMdc;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The default plain console format names the action on its lines, and only on those. */
@ExtendWith(OutputCaptureExtension.class)
class PlainLogsTest {
  @Configuration(proxyBeanMethods = false)
  static class Nothing {}

  @Test
  void given_thePlainFormat_when_linesAreLogged_then_onlyTheLineAboutAnActionNamesIt(CapturedOutput output) {
    try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(Nothing.class)
        .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off").run()) {
      try (ActionMdc.Scope scope = ActionMdc.enter("action-req-plain-1")) {
        LoggerFactory.getLogger("plain-probe").info("about the action");
      }
      LoggerFactory.getLogger("plain-probe").info("about nothing");
    }

    assertThat(line(output, "about the action")).contains("[action-req-plain-1] plain-probe");
    assertThat(line(output, "about nothing")).doesNotContain("[]").doesNotContain("action-");
  }

  private static String line(CapturedOutput output, String message) {
    return Arrays.stream(output.getOut().split("\\R")).filter(l -> l.contains(message)).findFirst().orElseThrow();
  }
}
