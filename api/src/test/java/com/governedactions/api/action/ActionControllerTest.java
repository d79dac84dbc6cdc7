package com.governedactions.api.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.action.Effect;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.ActionListFilter;
import com.governedactions.audit.ActionListPage;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(ActionController.class)
@Import(ActionRequestFactory.class)
class ActionControllerTest {
  private static final String ACTION_ID = "action-conv-81-msg-12";
  private static final String PROBLEMS = "https://governed-actions.dev/problems/";

  private static final String AI_REFUND =
      """
      {"requestId": "conv-81-msg-12", "type": "refund",
       "params": {"orderId": "A-1001", "amount": "89.50", "currency": "USD", "reason": "damaged"},
       "actor": {"type": "ai", "id": "support-bot"},
       "customer": {"id": "C-42", "segment": "vip", "verification": "otp"},
       "conversationId": "conv-81", "channel": "chat"}
      """;

  /** The real catalog's types; each test says what its parameter check answers. */
  private static final ActionCatalog TYPES = new ActionCatalog();

  @Autowired MockMvc mvc;
  @MockitoBean ActionService actions;
  @MockitoBean ActionCatalog catalog;
  @MockitoBean ActionListRepository list;

  @org.junit.jupiter.api.BeforeEach
  void catalogKnowsTheRealTypes() {
    when(catalog.find(any())).thenAnswer(call -> TYPES.find(call.getArgument(0)));
    when(catalog.requestable()).thenAnswer(call -> TYPES.requestable());
    // The catalog's one check names an unknown type; parameters are valid unless a test says otherwise.
    when(catalog.validate(any(), any())).thenAnswer(call -> TYPES.find(call.getArgument(0)).isPresent()
        ? List.of() : TYPES.validate(call.getArgument(0), call.getArgument(1)));
  }

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of(
              "chat-token", "chat-backend",
              "other-chat-token", "other-chat-backend",
              "sam-token", "sam",
              "alice-token", "alice",
              "olivia-token", "olivia",
              "report-token", "reporting"),
          List.of(
              new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND")),
              new PrincipalInfo("other-chat-backend", true, false, List.of("CHAT_BACKEND")),
              new PrincipalInfo("sam", true, true, List.of("AGENT")),
              new PrincipalInfo("alice", true, true, List.of("SUPERVISOR")),
              new PrincipalInfo("olivia", true, true, List.of("OPERATOR")),
              new PrincipalInfo("reporting", true, false, List.of("REPORTS"))));
    }
  }

  // --- POST /actions: outcomes ---

  @Test
  void given_aForgedHostHeader_when_created_then_the_location_does_not_point_at_it() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());
    when(actions.submit(any())).thenReturn(new Submission(Submission.Outcome.CREATED, awaitingConfirmation()));

    mvc.perform(submit("chat-token", AI_REFUND).header("Host", "evil.example:443"))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/actions/" + ACTION_ID));
  }

  @Test
  void given_newRequest_when_submitted_then_201WithLocationAndTheStateAfterTheRuleCheck() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());
    when(actions.submit(any())).thenReturn(new Submission(Submission.Outcome.CREATED, awaitingConfirmation()));

    mvc.perform(submit("chat-token", AI_REFUND))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/actions/" + ACTION_ID))
        .andExpect(jsonPath("$.actionId").value(ACTION_ID))
        .andExpect(jsonPath("$.status").value("AWAITING_CONFIRMATION"))
        .andExpect(jsonPath("$.decision.effect").value("require_confirmation"))
        .andExpect(jsonPath("$.confirmation.text").value("Refund USD 89.50 to order A-1001?"))
        .andExpect(jsonPath("$.actor.type").value("ai"))
        .andExpect(jsonPath("$.approval").doesNotExist());
  }

  @Test
  void given_aiActorFromChatBackend_when_submitted_then_requestCarriesTheBodyAndTheCallerAsSubmitter() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());
    when(actions.submit(any())).thenReturn(new Submission(Submission.Outcome.CREATED, awaitingConfirmation()));

    mvc.perform(submit("chat-token", AI_REFUND)).andExpect(status().isCreated());

    ArgumentCaptor<ActionRequest> sent = ArgumentCaptor.forClass(ActionRequest.class);
    verify(actions).submit(sent.capture());
    assertThat(sent.getValue())
        .isEqualTo(
            new ActionRequest(
                "conv-81-msg-12",
                "refund",
                Map.of("orderId", "A-1001", "amount", "89.50", "currency", "USD", "reason", "damaged"),
                new Actor(ActorType.AI, "support-bot", List.of()),
                new Customer("C-42", "vip", "otp"),
                "conv-81",
                "chat",
                "chat-backend"));
  }

  @Test
  void given_sameRequestAgain_when_submitted_then_200WithTheExistingState() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());
    when(actions.submit(any())).thenReturn(new Submission(Submission.Outcome.EXISTING, awaitingConfirmation()));

    mvc.perform(submit("chat-token", AI_REFUND))
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("Location"))
        .andExpect(jsonPath("$.actionId").value(ACTION_ID));
  }

  @Test
  void given_requestIdUsedForAnotherRequest_when_submitted_then_409() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());
    when(actions.submit(any())).thenReturn(new Submission(Submission.Outcome.CONFLICT, awaitingConfirmation()));

    mvc.perform(submit("chat-token", AI_REFUND))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "request-id-conflict"))
        .andExpect(jsonPath("$.title").value("requestId already used for a different request"))
        .andExpect(jsonPath("$.detail").value(containsString("conv-81-msg-12")))
        .andExpect(jsonPath("$.actionId").value(ACTION_ID));
  }

  @Test
  void given_humanAgent_when_submittingAsThemself_then_actorIsTheCallerWithConfiguredRoles() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());
    when(actions.submit(any())).thenReturn(new Submission(Submission.Outcome.CREATED, awaitingConfirmation()));

    mvc.perform(submit("sam-token", AI_REFUND.replace("{\"type\": \"ai\", \"id\": \"support-bot\"}", "{\"type\": \"human\"}")))
        .andExpect(status().isCreated());

    ArgumentCaptor<ActionRequest> sent = ArgumentCaptor.forClass(ActionRequest.class);
    verify(actions).submit(sent.capture());
    assertThat(sent.getValue().actor()).isEqualTo(new Actor(ActorType.HUMAN, "sam", List.of("AGENT")));
    assertThat(sent.getValue().submittedBy()).isEqualTo("sam");
  }

  // --- POST /actions: unreadable bodies (400) ---

  @Test
  void given_unknownField_when_submitted_then_400NamingIt() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("\"id\": \"support-bot\"", "\"id\": \"support-bot\", \"roles\": [\"MANAGER\"]")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "unknown-field"))
        .andExpect(jsonPath("$.status").value(400))
        .andExpect(jsonPath("$.detail").value(containsString("actor.roles")))
        .andExpect(jsonPath("$.errors[0].field").value("actor.roles"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_numberWhereTextBelongs_when_submitted_then_400WrongTypeNamingTheField() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("\"conv-81-msg-12\"", "12")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "wrong-type"))
        .andExpect(jsonPath("$.errors[0].field").value("requestId"))
        .andExpect(jsonPath("$.detail").value("Field 'requestId' must be a JSON string."));
    verifyNoInteractions(actions);
  }

  @Test
  void given_textWhereAnObjectBelongs_when_submitted_then_400WrongType() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("\"customer\": {\"id\": \"C-42\", \"segment\": \"vip\", \"verification\": \"otp\"}", "\"customer\": \"C-42\"")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "wrong-type"))
        .andExpect(jsonPath("$.errors[0].field").value("customer"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_malformedJson_when_submitted_then_400() throws Exception {
    mvc.perform(submit("chat-token", "{\"requestId\": \"r-1\", \"type\": "))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-json"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_duplicateKey_when_submitted_then_400MalformedJson() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("\"type\": \"refund\"", "\"type\": \"refund\", \"type\": \"discount\"")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-json"))
        .andExpect(jsonPath("$.detail").value(containsString("Duplicate field 'type'")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_contentAfterTheJsonObject_when_submitted_then_400MalformedJson() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND + "{}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-json"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_bodyThatIsNotJson_when_submitted_then_415Problem() throws Exception {
    mvc.perform(submit("chat-token", "refund please").contentType(MediaType.TEXT_PLAIN))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_wildcardContentType_when_submitted_then_415SayingToSendJson() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND).contentType(MediaType.ALL))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"))
        .andExpect(jsonPath("$.detail").value(containsString("Content-Type: application/json")));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_textContentType_when_submitted_then_the415SaysToSendJsonAndNamesWhatWasSent() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND).contentType(MediaType.TEXT_PLAIN))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.detail").value(containsString("Content-Type: application/json")))
        .andExpect(jsonPath("$.detail").value(containsString("text/plain")));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_bodyWithoutContentType_when_submitted_then_415SayingToSendJson() throws Exception {
    mvc.perform(post("/api/v1/actions").header("Authorization", "Bearer chat-token").content(AI_REFUND))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"))
        .andExpect(jsonPath("$.detail").value(containsString("Content-Type: application/json")));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_wildcardContentType_when_approving_then_415SayingToSendJson() throws Exception {
    mvc.perform(post("/api/v1/actions/" + ACTION_ID + "/approve").header("Authorization", "Bearer alice-token")
            .contentType(MediaType.ALL).content("{\"comment\": \"ok\"}"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.detail").value(containsString("Content-Type: application/json")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_noBody_when_submitted_then_400MissingBody() throws Exception {
    mvc.perform(post("/api/v1/actions").header("Authorization", "Bearer chat-token").contentType(MediaType.APPLICATION_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "missing-body"));
    verifyNoInteractions(actions);
  }

  // --- POST /actions: incomplete or invalid values (422) ---

  @Test
  void given_emptyObject_when_submitted_then_422NamingEveryMissingField() throws Exception {
    mvc.perform(submit("chat-token", "{}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
        .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
            "requestId", "type", "params", "actor", "customer", "channel")));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_aiActorWithoutIdOrConversation_and_badValues_when_submitted_then_422NamingEachField() throws Exception {
    String body =
        """
        {"requestId": "has spaces", "type": "refund", "params": {},
         "actor": {"type": "ai"}, "customer": {"id": ""}, "channel": "chat"}
        """;

    mvc.perform(submit("chat-token", body))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
            "requestId", "actor.id", "customer.id", "conversationId")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_envelopeAndParameterProblems_when_submitted_then_one_422_lists_them_all_each_at_its_own_path()
      throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenAnswer(call -> TYPES.validate("refund", call.getArgument(1)));
    String body = AI_REFUND
        .replace(", \"channel\": \"chat\"", "")
        .replace("{\"orderId\": \"A-1001\", \"amount\": \"89.50\", \"currency\": \"USD\", \"reason\": \"damaged\"}",
            "{\"amount\": \"-3\", \"currency\": \"usd\", \"colour\": \"red\"}");

    mvc.perform(submit("chat-token", body))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
        .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
            "channel", "params.colour", "params.orderId", "params.amount", "params.currency")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_anUnknownType_when_submitted_then_the_type_is_blamed_and_only_requestable_types_are_offered()
      throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("\"type\": \"refund\"", "\"type\": \"refnd\"")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].field").value("type"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("unknown action type 'refnd'; known types: refund,")))
        .andExpect(jsonPath("$.errors[0].detail").value(org.hamcrest.Matchers.not(containsString("reversal"))));
    verifyNoInteractions(actions);
  }

  @Test
  void given_anAiActorNamedLikeAPerson_when_submitted_then_422_and_the_person_keeps_their_name() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());

    mvc.perform(submit("chat-token", AI_REFUND.replace("\"id\": \"support-bot\"", "\"id\": \"alice\"")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("actor.id"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("'alice' is the id of a principal")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_unknownActorType_when_submitted_then_422NamingAllowedValues() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("\"type\": \"ai\"", "\"type\": \"robot\"")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("actor.type"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("ai, human")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_paramsTheCatalogRefuses_when_submitted_then_422WithEveryProblem() throws Exception {
    when(catalog.validate(eq("refund"), anyMap()))
        .thenReturn(List.of("amount must be a decimal string such as \"89.50\"", "currency must be an ISO 4217 code"));

    mvc.perform(submit("chat-token", AI_REFUND))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-params"))
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.errors[*].detail").value(hasItem("currency must be an ISO 4217 code")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_controlCharactersInEnvelopeFields_when_submitted_then_422NamingEachFieldAndNothingStarted() throws Exception {
    String body = AI_REFUND
        .replace("\"channel\": \"chat\"", "\"channel\": \"chat\\u0000\"")
        .replace("\"conversationId\": \"conv-81\"", "\"conversationId\": \"conv\\u0007-81\"")
        .replace("\"id\": \"C-42\"", "\"id\": \"C-42\\u007F\"")
        .replace("\"id\": \"support-bot\"", "\"id\": \"support\\u001Bbot\"")
        .replace("\"segment\": \"vip\"", "\"segment\": \"vip\\u0000\"");

    mvc.perform(submit("chat-token", body))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
        .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
            "channel", "conversationId", "customer.id", "actor.id", "customer.segment")))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("control characters")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_controlCharacterInTheType_when_submitted_then_422NamingTheType() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("\"type\": \"refund\"", "\"type\": \"refund\\u0000\"")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("type"));
    verifyNoInteractions(actions, catalog);
  }

  // --- POST /actions: size (413) ---

  @Test
  void given_bodyOver64KiBWithContentLength_when_submitted_then_413() throws Exception {
    mvc.perform(submit("chat-token", oversized()))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "body-too-large"));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_chunkedBodyOver64KiB_when_submitted_then_413() throws Exception {
    mvc.perform(submit("chat-token", oversized()).header("Transfer-Encoding", "chunked"))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "body-too-large"));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_chunkedBodyUnderTheLimit_when_submitted_then_itIsReadNormally() throws Exception {
    when(catalog.validate(eq("refund"), anyMap())).thenReturn(List.of());
    when(actions.submit(any())).thenReturn(new Submission(Submission.Outcome.CREATED, awaitingConfirmation()));

    mvc.perform(submit("chat-token", AI_REFUND).header("Transfer-Encoding", "chunked"))
        .andExpect(status().isCreated());
  }

  // --- authentication (401) and who may submit what (403) ---

  @Test
  void given_noToken_when_calling_then_401WithBearerChallenge() throws Exception {
    mvc.perform(post("/api/v1/actions").contentType(MediaType.APPLICATION_JSON).content(AI_REFUND))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "unauthorized"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_unknownToken_when_calling_then_401InvalidToken() throws Exception {
    mvc.perform(get("/api/v1/actions/" + ACTION_ID).header("Authorization", "Bearer dev-chat"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")))
        .andExpect(jsonPath("$.status").value(401));
    verifyNoInteractions(actions);
  }

  @Test
  void given_twoAuthorizationHeaders_when_calling_then_400_whichever_comes_first() throws Exception {
    mvc.perform(get("/api/v1/actions/" + ACTION_ID)
            .header("Authorization", "Bearer alice-token")
            .header("Authorization", "Bearer sam-token"))
        .andExpect(status().isBadRequest())
        .andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_request\"")))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-authorization"))
        .andExpect(jsonPath("$.detail").value(containsString("2 Authorization headers; send exactly one")));
    verifyNoInteractions(actions);
  }

  @Test
  void given_aFoldedOrPaddedAuthorizationHeader_when_calling_then_400_not_trimmed_into_shape() throws Exception {
    for (String value : List.of("Bearer\r\n alice-token", "Bearer  alice-token", "Bearer\talice-token",
        "Bearer alice-token extra")) {
      mvc.perform(get("/api/v1/actions/" + ACTION_ID).header("Authorization", value))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.detail").value(containsString("malformed")));
    }
    verifyNoInteractions(actions);
  }

  @Test
  void given_pathOutsideApi_when_noToken_then_notChallenged() throws Exception {
    mvc.perform(get("/sample-store/orders/A-1001")).andExpect(status().isNotFound());
    mvc.perform(get("/actuator/health")).andExpect(status().isNotFound());
  }

  @Test
  void given_humanCaller_when_submittingForAnAiActor_then_403() throws Exception {
    mvc.perform(submit("sam-token", AI_REFUND))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"))
        .andExpect(jsonPath("$.detail").value(containsString("Only a chat backend may submit for an AI actor")));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_humanCaller_when_submittingAsSomeoneElse_then_403() throws Exception {
    mvc.perform(submit("sam-token", AI_REFUND.replace("{\"type\": \"ai\", \"id\": \"support-bot\"}", "{\"type\": \"human\", \"id\": \"alice\"}")))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("can only act as yourself")));
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_chatBackend_when_submittingForAHumanActor_then_403() throws Exception {
    mvc.perform(submit("chat-token", AI_REFUND.replace("{\"type\": \"ai\", \"id\": \"support-bot\"}", "{\"type\": \"human\", \"id\": \"sam\"}")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_serviceClientWithoutChatRole_when_submitting_then_403() throws Exception {
    mvc.perform(submit("report-token", AI_REFUND.replace("{\"type\": \"ai\", \"id\": \"support-bot\"}", "{\"type\": \"human\"}")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(actions, catalog);
  }

  // --- GET /actions/{id} ---

  @Test
  void given_existingAction_when_read_then_itsState() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());

    mvc.perform(get("/api/v1/actions/" + ACTION_ID).header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("AWAITING_CONFIRMATION"))
        .andExpect(jsonPath("$.createdAt").value("2025-01-01T10:00:00Z"));
  }

  @Test
  void given_theSubmittingChatBackend_when_reading_then_itsState() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());

    mvc.perform(get("/api/v1/actions/" + ACTION_ID).header("Authorization", "Bearer chat-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.submittedBy").value("chat-backend"));
  }

  @Test
  void given_anotherChatBackend_when_reading_then_403() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());

    mvc.perform(get("/api/v1/actions/" + ACTION_ID).header("Authorization", "Bearer other-chat-token"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("the client that submitted it")));
  }

  @Test
  void given_agentWhoDidNotSubmitIt_when_reading_then_403() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());

    mvc.perform(get("/api/v1/actions/" + ACTION_ID).header("Authorization", "Bearer sam-token"))
        .andExpect(status().isForbidden());
  }

  @Test
  void given_noSuchAction_when_read_then_404() throws Exception {
    when(actions.state("action-nope")).thenThrow(ActionService.notFound("action-nope"));

    mvc.perform(get("/api/v1/actions/action-nope").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "action-not-found"));
  }

  @Test
  void given_idThatIsNoActionId_when_read_then_404WithoutAskingTemporal() throws Exception {
    mvc.perform(get("/api/v1/actions/some-other-workflow").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "action-not-found"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_unknownRoute_when_called_then_404Problem() throws Exception {
    mvc.perform(get("/api/v1/nothing-here").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "not-found"));
  }

  @Test
  void given_slackOff_when_slackPostsAnInteraction_then_404SayingSlackIsNotEnabledAndHowToEnableIt() throws Exception {
    mvc.perform(post("/api/v1/slack/interactions").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("payload=%7B%7D"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "slack-not-enabled"))
        .andExpect(jsonPath("$.detail").value(containsString("Slack approvals are not enabled")))
        .andExpect(jsonPath("$.detail").value(containsString("governed.slack.enabled=true")))
        .andExpect(jsonPath("$.detail").value(containsString("governed.slack.signing-secret")))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(containsString("Check the path"))));
  }

  // --- GET /actions ---

  @Test
  void given_operator_when_listingWithFilters_then_theRepositoryGetsThem() throws Exception {
    when(list.find(any())).thenReturn(new ActionListPage(List.of(), null));

    mvc.perform(get("/api/v1/actions?status=AWAITING_APPROVAL&type=refund&conversationId=conv-81&limit=20")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items").isArray());

    verify(list).find(new ActionListFilter(ActionStatus.AWAITING_APPROVAL, "refund", "conv-81", 20, null));
  }

  @Test
  void given_badStatus_when_listing_then_400NamingAllowedValues() throws Exception {
    mvc.perform(get("/api/v1/actions?status=PENDING").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "bad-query-parameter"))
        .andExpect(jsonPath("$.errors[0].field").value("status"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("AWAITING_APPROVAL")));
    verifyNoInteractions(list);
  }

  @Test
  void given_lowercaseStatus_when_listing_then_400NamingTheValuesAsWritten() throws Exception {
    mvc.perform(get("/api/v1/actions?status=succeeded").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "bad-query-parameter"))
        .andExpect(jsonPath("$.errors[0].field").value("status"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("SUCCEEDED")));
    verifyNoInteractions(list);
  }

  @Test
  void given_blankLimit_when_listing_then_400OnTheLimit() throws Exception {
    mvc.perform(get("/api/v1/actions?limit=").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("limit"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("from 1 to 200")));
    verifyNoInteractions(list);
  }

  @Test
  void given_blankCursor_when_listing_then_400OnTheCursor() throws Exception {
    mvc.perform(get("/api/v1/actions?cursor=").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("nextCursor")));
    verifyNoInteractions(list);
  }

  @Test
  void given_cursorTheRepositoryCannotRead_when_listing_then_400SayingToSendTheNextCursor() throws Exception {
    when(list.find(any())).thenThrow(new IllegalArgumentException("cursor is not valid"));

    mvc.perform(get("/api/v1/actions?cursor=bm90LWEtY3Vyc29y").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("not one this API returned")))
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
  }

  @Test
  void given_queryStringTomcatCouldNotDecode_when_listing_then_400NamingTheParameter() throws Exception {
    // Tomcat drops a parameter that is not percent-encoded: the raw query string still has it
    mvc.perform(get("/api/v1/actions").header("Authorization", "Bearer olivia-token")
            .with(request -> {
              request.setQueryString("status=SUCCEEDED&cursor=%%%");
              return request;
            }))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "bad-query-parameter"))
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].field").value("cursor"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("%25")));
    verifyNoInteractions(list);
  }

  @Test
  void given_nulInAFilter_when_listing_then_400NamingTheParameter() throws Exception {
    mvc.perform(get("/api/v1/actions").param("conversationId", "conv-81\0").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("conversationId"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("NUL")));
    verifyNoInteractions(list);
  }

  @Test
  void given_chatBackend_when_listing_then_403() throws Exception {
    mvc.perform(get("/api/v1/actions").header("Authorization", "Bearer chat-token"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(list);
  }

  // --- decisions ---

  @Test
  void given_supervisor_when_approving_then_200WithTheNewState() throws Exception {
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.accepted(awaitingConfirmation()));

    mvc.perform(decision("approve", "alice-token", "{\"comment\": \"ok, damaged item\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.actionId").value(ACTION_ID));

    verify(actions).decide(ACTION_ID, new HumanInput(HumanInput.Kind.APPROVE, "alice", "ok, damaged item"));
  }

  @Test
  void given_actionNotAwaitingApproval_when_approving_then_409() throws Exception {
    when(actions.decide(eq(ACTION_ID), any()))
        .thenReturn(InputOutcome.refused(InputOutcome.Refusal.WRONG_STATE, "the action is SUCCEEDED, not awaiting approval", awaitingConfirmation()));

    mvc.perform(decision("approve", "alice-token", "{}"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "wrong-state"))
        .andExpect(jsonPath("$.detail").value("the action is SUCCEEDED, not awaiting approval"))
        .andExpect(jsonPath("$.actionStatus").value("AWAITING_CONFIRMATION"));
  }

  @Test
  void given_requesterApprovingOwnAction_when_workflowRefuses_then_403() throws Exception {
    when(actions.decide(eq(ACTION_ID), any()))
        .thenReturn(InputOutcome.refused(InputOutcome.Refusal.FORBIDDEN, "alice requested this action and cannot approve it", awaitingConfirmation()));

    mvc.perform(decision("approve", "alice-token", null))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value("alice requested this action and cannot approve it"));
  }

  @Test
  void given_workflowFindsInputIncomplete_when_deciding_then_422() throws Exception {
    when(actions.decide(eq(ACTION_ID), any()))
        .thenReturn(InputOutcome.refused(InputOutcome.Refusal.INVALID, "a reason is required", null));

    mvc.perform(decision("reject", "alice-token", "{\"reason\": \" x \"}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-input"));
  }

  @Test
  void given_rejectWithoutReason_when_sent_then_422AndTheWorkflowIsNotAsked() throws Exception {
    mvc.perform(decision("reject", "alice-token", "{}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("reason"));
    mvc.perform(decision("reject", "alice-token", null)).andExpect(status().isUnprocessableEntity());
    verify(actions, never()).decide(any(), any());
  }

  @Test
  void given_controlCharacterInADecisionText_when_sent_then_422NamingTheFieldAndTheWorkflowIsNotAsked() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());

    mvc.perform(decision("approve", "alice-token", "{\"comment\": \"ok\\u0000\"}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("comment"));
    mvc.perform(decision("reject", "alice-token", "{\"reason\": \"no\\u0008\"}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("reason"));
    mvc.perform(decision("cancel", "chat-token", "{\"reason\": \"changed\\u007Fmind\"}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("reason"));
    verify(actions, never()).decide(any(), any());
  }

  @Test
  void given_lineBreaksInAComment_when_approving_then_accepted() throws Exception {
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.accepted(awaitingConfirmation()));

    mvc.perform(decision("approve", "alice-token", "{\"comment\": \"ok\\r\\n\\tdamaged\"}")).andExpect(status().isOk());

    verify(actions).decide(ACTION_ID, new HumanInput(HumanInput.Kind.APPROVE, "alice", "ok\r\n\tdamaged"));
  }

  @Test
  void given_unknownFieldInApproval_when_sent_then_400() throws Exception {
    mvc.perform(decision("approve", "alice-token", "{\"approver\": \"bob\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "unknown-field"));
    verifyNoInteractions(actions);
  }

  @Test
  void given_chatBackend_when_confirming_then_theCustomersYesIsRelayed() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.accepted(awaitingConfirmation()));

    mvc.perform(decision("confirm", "chat-token", "{}")).andExpect(status().isOk());

    verify(actions).decide(ACTION_ID, new HumanInput(HumanInput.Kind.CONFIRM, "chat-backend", null));
  }

  @Test
  void given_chatBackend_when_cancellingWithReason_then_theReasonIsRelayed() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.accepted(awaitingConfirmation()));

    mvc.perform(decision("cancel", "chat-token", "{\"reason\": \"changed my mind\"}")).andExpect(status().isOk());

    verify(actions).decide(ACTION_ID, new HumanInput(HumanInput.Kind.CANCEL, "chat-backend", "changed my mind"));
  }

  @Test
  void given_anotherChatBackend_when_confirming_then_403AndNothingRelayed() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());

    mvc.perform(decision("confirm", "other-chat-token", "{}"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("'chat-backend'")));

    verify(actions, never()).decide(any(), any());
  }

  @Test
  void given_runStartedThroughTemporal_when_anyChatBackendConfirms_then_relayed() throws Exception {
    ActionState noSubmitter = withActor(new Actor(ActorType.AI, "support-bot", List.of()), null);
    when(actions.state(ACTION_ID)).thenReturn(noSubmitter);
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.accepted(noSubmitter));

    mvc.perform(decision("confirm", "other-chat-token", "{}")).andExpect(status().isOk());
  }

  @Test
  void given_humanWhoDidNotRequestIt_when_confirming_then_403() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingConfirmation());

    mvc.perform(decision("confirm", "alice-token", null)).andExpect(status().isForbidden());

    verify(actions, never()).decide(any(), any());
  }

  @Test
  void given_humanRequester_when_confirming_then_relayed() throws Exception {
    ActionState byAlice = withActor(new Actor(ActorType.HUMAN, "alice", List.of("SUPERVISOR")));
    when(actions.state(ACTION_ID)).thenReturn(byAlice);
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.accepted(byAlice));

    mvc.perform(decision("confirm", "alice-token", null)).andExpect(status().isOk());

    verify(actions).decide(ACTION_ID, new HumanInput(HumanInput.Kind.CONFIRM, "alice", null));
  }

  // --- helpers ---

  private static MockHttpServletRequestBuilder submit(String token, String body) {
    return post("/api/v1/actions")
        .header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }

  private static MockHttpServletRequestBuilder decision(String verb, String token, String body) {
    MockHttpServletRequestBuilder request =
        post("/api/v1/actions/" + ACTION_ID + "/" + verb).header("Authorization", "Bearer " + token);
    return body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body);
  }

  private static String oversized() {
    String filler = "x".repeat(64 * 1024);
    return AI_REFUND.replace("\"reason\": \"damaged\"", "\"reason\": \"" + filler + "\"");
  }

  private static ActionState awaitingConfirmation() {
    return withActor(new Actor(ActorType.AI, "support-bot", List.of()), "chat-backend");
  }

  private static ActionState withActor(Actor actor) {
    return withActor(actor, actor.id());
  }

  private static ActionState withActor(Actor actor, String submittedBy) {
    Instant at = Instant.parse("2025-01-01T10:00:00Z");
    return new ActionState(
        ACTION_ID,
        "conv-81-msg-12",
        ActionStatus.AWAITING_CONFIRMATION,
        "refund",
        Map.of("orderId", "A-1001", "amount", "89.50", "currency", "USD"),
        actor,
        new Customer("C-42", "vip", "otp"),
        "conv-81",
        "chat",
        new ActionState.DecisionView(Effect.REQUIRE_CONFIRMATION, 7, List.of("refund-small"), null),
        new ActionState.ConfirmationView("Refund USD 89.50 to order A-1001?", at.plusSeconds(900), null),
        null,
        null,
        at,
        at,
        "hash",
        submittedBy);
  }
}
