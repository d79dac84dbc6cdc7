package com.governedactions.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
  // The worked example of Slack's "Verifying requests from Slack" documentation.
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TIMESTAMP = "1531420618";
  private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
      + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
      + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
      .getBytes(StandardCharsets.UTF_8);
  private static final String SLACKS_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  private static final Instant THEN = Instant.ofEpochSecond(1531420618);

  private final SlackSignature signature = new SlackSignature(SECRET, Duration.ofMinutes(5));

  @Test
  void given_slacksDocumentedExample_when_verified_then_accepted() {
    assertThat(signature.sign(TIMESTAMP, BODY)).isEqualTo(SLACKS_SIGNATURE);
    assertThat(signature.problem(TIMESTAMP, SLACKS_SIGNATURE, BODY, THEN.plusSeconds(299))).isEmpty();
  }

  @Test
  void given_oneByteOfTheBodyChanged_when_verified_then_refused() {
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 1] = 'd';

    assertThat(signature.problem(TIMESTAMP, SLACKS_SIGNATURE, tampered, THEN)).hasValue("the signature does not match");
  }

  @Test
  void given_anotherSecret_when_verified_then_refused() {
    SlackSignature other = new SlackSignature("another-secret", Duration.ofMinutes(5));

    assertThat(other.problem(TIMESTAMP, SLACKS_SIGNATURE, BODY, THEN)).hasValue("the signature does not match");
  }

  @Test
  void given_timestampMoreThanFiveMinutesOffEitherWay_when_verified_then_refused() {
    assertThat(signature.problem(TIMESTAMP, SLACKS_SIGNATURE, BODY, THEN.plusSeconds(301))).isPresent();
    assertThat(signature.problem(TIMESTAMP, SLACKS_SIGNATURE, BODY, THEN.minusSeconds(301))).isPresent();
  }

  @Test
  void given_missingOrMalformedHeaders_when_verified_then_refused() {
    assertThat(signature.problem(null, SLACKS_SIGNATURE, BODY, THEN)).isPresent();
    assertThat(signature.problem(TIMESTAMP, null, BODY, THEN)).isPresent();
    assertThat(signature.problem("yesterday", SLACKS_SIGNATURE, BODY, THEN)).hasValue("X-Slack-Request-Timestamp is not a number of seconds");
  }
}
