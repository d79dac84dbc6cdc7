package com.governedactions.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.action.directory.PrincipalLookup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PrincipalDirectoryTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(UserConfigurations.of(DirectoryConfiguration.class));

  @Test
  void given_devMode_and_noTokens_when_started_then_everyDemoPrincipalOfTheSpecIsThere() {
    context.run(
        ctx -> {
          PrincipalDirectory directory = ctx.getBean(PrincipalDirectory.class);

          assertThat(directory.usesDemoTokens()).isTrue();
          assertThat(directory.byToken("dev-chat"))
              .contains(new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND")));
          assertThat(directory.byToken("dev-agent")).contains(human("sam", "AGENT"));
          assertThat(directory.byToken("dev-alice")).contains(human("alice", "SUPERVISOR"));
          assertThat(directory.byToken("dev-bob")).contains(human("bob", "SUPERVISOR"));
          assertThat(directory.byToken("dev-maria")).contains(human("maria", "MANAGER"));
          assertThat(directory.byToken("dev-olivia")).contains(human("olivia", "OPERATOR"));
          assertThat(directory.byToken("dev-paul")).contains(human("paul", "POLICY_ADMIN"));
          assertThat(directory.byToken("dev-petra")).contains(human("petra", "POLICY_ADMIN"));
          assertThat(directory.tokenCount()).isEqualTo(8);
        });
  }

  @Test
  void given_temporalTargetSet_when_started_then_noDemoTokenAuthenticates() {
    context
        .withPropertyValues("governed.temporal.target=temporal.example.com:7233")
        .run(
            ctx -> {
              PrincipalDirectory directory = ctx.getBean(PrincipalDirectory.class);

              assertThat(directory.usesDemoTokens()).isFalse();
              assertThat(PrincipalDirectory.DEMO)
                  .allSatisfy(p -> assertThat(directory.byToken(p.token())).isEmpty());
              assertThat(directory.byId("alice").known()).isFalse();
            });
  }

  @Test
  void given_devModeOn_and_aTemporalTarget_when_started_then_theDemoTokensAuthenticate() {
    // dev/run: the one-command stack on the Temporal dev server, which is a target like any cluster
    context
        .withPropertyValues("governed.dev-mode=true", "governed.temporal.target=localhost:7233")
        .run(ctx -> assertThat(ctx.getBean(PrincipalDirectory.class).byToken("dev-alice")).isPresent());
  }

  @Test
  void given_devModeOff_and_noTemporalTarget_when_started_then_noDemoTokenAuthenticates() {
    context
        .withPropertyValues("governed.dev-mode=false")
        .run(ctx -> assertThat(ctx.getBean(PrincipalDirectory.class).usesDemoTokens()).isFalse());
  }

  @Test
  void given_devModeNotABoolean_when_started_then_theContextFailsNamingTheValue() {
    context
        .withPropertyValues("governed.dev-mode=maybe")
        .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("maybe"));
  }

  @Test
  void given_blankTemporalTarget_when_started_then_itIsDevMode() {
    context
        .withPropertyValues("governed.temporal.target= ")
        .run(ctx -> assertThat(ctx.getBean(PrincipalDirectory.class).byToken("dev-bob")).isPresent());
  }

  @Test
  void given_devMode_and_configuredTokens_when_started_then_theyReplaceTheDemoTokens() {
    context
        .withPropertyValues(
            "governed.security.tokens.s3cret-chat=bot-gateway",
            "governed.security.principals.bot-gateway.human=false",
            "governed.security.principals.bot-gateway.roles=CHAT_BACKEND",
            "governed.security.tokens.s3cret-zoe=zoe",
            "governed.security.principals.zoe.human=true",
            "governed.security.principals.zoe.roles=SUPERVISOR,MANAGER")
        .run(
            ctx -> {
              PrincipalDirectory directory = ctx.getBean(PrincipalDirectory.class);

              assertThat(directory.usesDemoTokens()).isFalse();
              assertThat(directory.byToken("dev-chat")).isEmpty();
              assertThat(directory.byId("alice").known()).isFalse();
              assertThat(directory.byToken("s3cret-chat"))
                  .contains(new PrincipalInfo("bot-gateway", true, false, List.of("CHAT_BACKEND")));
              assertThat(directory.byToken("s3cret-zoe"))
                  .contains(new PrincipalInfo("zoe", true, true, List.of("SUPERVISOR", "MANAGER")));
            });
  }

  @Test
  void given_productionTokens_when_started_then_theyAuthenticateTheirPrincipals() {
    context
        .withPropertyValues(
            "governed.temporal.target=temporal:7233",
            "governed.security.tokens.t-1=zoe",
            "governed.security.principals.zoe.human=true",
            "governed.security.principals.zoe.roles=OPERATOR")
        .run(
            ctx ->
                assertThat(ctx.getBean(PrincipalDirectory.class).byToken("t-1"))
                    .contains(human("zoe", "OPERATOR")));
  }

  @Test
  void given_tokenForUnconfiguredPrincipal_when_started_then_startFailsNamingIt() {
    context
        .withPropertyValues("governed.security.tokens.t-1=ghost")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("governed.security.principals.ghost"));
  }

  @Test
  void given_principalWithoutHumanFlag_when_started_then_startFailsNamingTheProperty() {
    context
        .withPropertyValues(
            "governed.security.tokens.t-1=zoe", "governed.security.principals.zoe.roles=OPERATOR")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("governed.security.principals.zoe.human must be set"));
  }

  @Test
  void given_unknownId_when_lookedUp_then_unknownPrincipalWithoutRoles() {
    PrincipalDirectory directory =
        new PrincipalDirectory(Map.of("t", "zoe"), List.of(human("zoe", "SUPERVISOR")));

    assertThat(directory.byId("mallory")).isEqualTo(PrincipalInfo.unknown("mallory"));
    assertThat(directory.byToken("nope")).isEmpty();
    assertThat(directory.byToken(null)).isEmpty();
  }

  @Test
  void given_lookupActivity_when_askedForAnId_then_answersFromTheDirectory() {
    PrincipalDirectory directory =
        new PrincipalDirectory(Map.of("t", "zoe"), List.of(human("zoe", "SUPERVISOR")));
    DirectoryActivitiesImpl activities = new DirectoryActivitiesImpl(directory);

    assertThat(activities.lookup(new PrincipalLookup("zoe"))).isEqualTo(human("zoe", "SUPERVISOR"));
    assertThat(activities.lookup(new PrincipalLookup("x"))).isEqualTo(PrincipalInfo.unknown("x"));
  }

  @Test
  void given_demoMode_when_bannerPrinted_then_itListsEveryTokenAndACurlForTheBoundPort() {
    String text = DemoTokenBanner.text("9090");

    assertThat(PrincipalDirectory.DEMO)
        .allSatisfy(p -> assertThat(text).containsPattern(p.token() + "\\s+" + p.id() + "\\s+" + p.role()));
    assertThat(text)
        .contains(
            "curl -s -X POST http://localhost:9090/api/v1/actions -H 'Authorization: Bearer dev-chat'")
        .contains("\"type\":\"refund\"");
  }

  @Test
  void given_devModeDemoTokens_when_askedForConsolePasswords_then_eachDemoPrincipalsTokenIsItsPassword() {
    context.run(ctx -> {
      PrincipalDirectory directory = ctx.getBean(PrincipalDirectory.class);

      assertThat(directory.demoPassword("alice")).contains("dev-alice");
      assertThat(directory.demoPassword("maria")).contains("dev-maria");
      assertThat(directory.demoPassword("zoe")).isEmpty();
      assertThat(directory.passwordHash("alice")).isEmpty();
    });
  }

  @Test
  void given_productionPrincipalWithPasswordHash_when_started_then_theHashIsKept_and_noDemoPasswordExists() {
    context
        .withPropertyValues(
            "governed.temporal.target=temporal:7233",
            "governed.security.tokens.t-1=alice",
            "governed.security.principals.alice.human=true",
            "governed.security.principals.alice.roles=SUPERVISOR",
            "governed.security.principals.alice.password-hash={bcrypt}$2a$10$abc")
        .run(ctx -> {
          PrincipalDirectory directory = ctx.getBean(PrincipalDirectory.class);

          assertThat(directory.passwordHash("alice")).contains("{bcrypt}$2a$10$abc");
          assertThat(directory.demoPassword("alice")).isEmpty();
        });
  }

  @Test
  void given_demoMode_when_bannerPrinted_then_eachPersonsConsoleSignInIsBesideItsToken() {
    String text = DemoTokenBanner.text("9090");

    assertThat(text).containsPattern("dev-alice\\s+alice\\s+SUPERVISOR\\s+alice / dev-alice");
    assertThat(text).containsPattern("dev-chat\\s+chat-backend\\s+CHAT_BACKEND\\s+\\(no console\\)");
    assertThat(text).contains("http://localhost:9090/");
  }

  private static PrincipalInfo human(String id, String role) {
    return new PrincipalInfo(id, true, true, List.of(role));
  }
}
