package com.governedactions.api.openapi;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.ProblemStatuses;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The published contract at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). What
 * every {@code /api} endpoint shares is added here once: the bearer scheme, the problem+json schema,
 * the problem answers any endpoint can give (400, 401, 503; 413 and 415 with a body), and the roles
 * line from {@link CallableBy}. Each controller method says its own summary, roles and further
 * problem statuses ({@link ProblemStatuses}).
 *
 * <p>The description is checked against the committed snapshot by {@code OpenApiSnapshotIT} and
 * exercised by {@code dev/contract-test.sh} (docs/openapi.md).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
  static final String PROBLEM = "Problem";
  static final String BEARER = "bearer";
  static final String SLACK_PATH = "/api/v1/slack/interactions";
  private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  static {
    // The authenticated caller is resolved from the token, never sent as a parameter.
    SpringDocUtils.getConfig().addAnnotationsToIgnore(CurrentPrincipal.class).addRequestWrapperToIgnore(PrincipalInfo.class);
  }

  @Bean
  OpenAPI governedActionsOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Governed Actions API")
            .version("v1")
            .description("""
                Durable, governed business actions for chat agents: request an action, follow it through its rule \
                check, the customer's confirmation and a supervisor's approval, and read the audit trail.

                Every endpoint under /api needs `Authorization: Bearer <token>` (Slack's interactions are signed \
                by Slack instead). Who may call an operation is in its "Roles:" line and its `x-roles` \
                extension; roles come from the service's configuration, never from a request. Every refusal is \
                an RFC 9457 `application/problem+json` whose `detail` and `errors[]` say what to fix; a refused \
                request changes nothing."""))
        .components(new Components()
            .addSecuritySchemes(BEARER, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("A token configured under governed.security.tokens (in dev mode: dev-chat, dev-alice, ...)."))
            .addSchemas(PROBLEM, problemSchema())
            .addSchemas("FieldProblem", object("One thing wrong with the request.")
                .addProperty("field", string("Where: a dotted path into the JSON body (params.amount) or a query parameter name."))
                .addProperty("detail", string("What is wrong and what to send instead."))
                .required(List.of("field", "detail")))
            .addSchemas("PolicyProblem", object("One problem of a refused policy document.")
                .addProperty("rule", nullable(string("The rule's id, when the problem is in a rule.")))
                .addProperty("path", string("Where in the document, e.g. rules[2].when."))
                .addProperty("line", nullable(integer("1-based line in the document, when known.")))
                .addProperty("column", nullable(integer("1-based column in the document, when known.")))
                .addProperty("detail", string("What is wrong."))
                .required(List.of("path", "detail")))
            .addSchemas("Payloads", payloadsSchema()))
        // Relative, so the description is the same on every host and port (and in the snapshot).
        .servers(List.of(new Server().url("/").description("This service")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }

  /** Roles, the problem answers and their schema, for every operation under /api. */
  @Bean
  OperationCustomizer contractOperations() {
    return (operation, handler) -> {
      CallableBy callers = handler.getMethodAnnotation(CallableBy.class);
      if (callers != null) {
        describeCallers(operation, callers);
      }
      if (operation.getParameters() != null) {
        // A parameter declared by name only (@Parameter on the method, read from the query map) is text.
        operation.getParameters().stream()
            .filter(parameter -> parameter.getSchema() == null && parameter.getContent() == null)
            .forEach(parameter -> parameter.setSchema(string(null)));
      }
      ProblemStatuses own = handler.getMethodAnnotation(ProblemStatuses.class);
      addProblems(operation, own == null ? new int[0] : own.value());
      return operation;
    };
  }

  /**
   * What Jackson writes, where the generator does not read it: a decimal with
   * {@code @JsonFormat(shape = STRING)} is a JSON string ("25.00"), and a {@code @JsonRawValue}
   * text is the JSON object it holds.
   */
  @Bean
  PropertyCustomizer jacksonShapes() {
    return (property, type) -> {
      Annotation[] annotations = type.getCtxAnnotations();
      if (annotations == null || property == null) {
        return property;
      }
      for (Annotation annotation : annotations) {
        boolean numeric = property.getTypes() != null
            && (property.getTypes().contains("number") || property.getTypes().contains("integer"));
        if (annotation instanceof JsonFormat format && format.shape() == JsonFormat.Shape.STRING && numeric) {
          Schema<Object> decimal = string(property.getDescription());
          decimal.setFormat("decimal");
          decimal.setExamples(List.of("25.00"));
          return decimal;
        }
        if (annotation instanceof JsonRawValue) {
          Schema<Object> json = object(property.getDescription());
          json.setAdditionalProperties(true);
          return json;
        }
      }
      return property;
    };
  }

  /** The Slack endpoint (present whether or not Slack is enabled), nullable fields, a stable order. */
  @Bean
  OpenApiCustomizer contractDocument() {
    return openApi -> {
      openApi.getPaths().put(SLACK_PATH, slackPath());
      NullableFields.applyToResponses(openApi);
      if (openApi.getTags() != null) {
        List<Tag> tags = new ArrayList<>(openApi.getTags());
        tags.sort(Comparator.comparing(Tag::getName));
        openApi.setTags(tags);
      }
    };
  }

  private static void describeCallers(Operation operation, CallableBy callers) {
    List<String> roles = List.of(callers.value());
    String who = roles.isEmpty() ? "any authenticated principal" : "one of " + String.join(", ", roles);
    String line = "Roles: " + who + (callers.also().isEmpty() ? "" : "; " + callers.also()) + ".";
    String description = operation.getDescription();
    operation.setDescription(description == null || description.isBlank() ? line : description + "\n\n" + line);
    operation.addExtension("x-roles", roles);
  }

  private static void addProblems(Operation operation, int[] own) {
    TreeSet<Integer> statuses = new TreeSet<>(List.of(400, 401, 503));
    if (operation.getRequestBody() != null) {
      statuses.addAll(List.of(413, 415));
    }
    IntStream.of(own).forEach(statuses::add);
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    for (int status : statuses) {
      responses.computeIfAbsent(String.valueOf(status), code -> problemResponse(status));
    }
    operation.setResponses(sorted(responses));
  }

  private static ApiResponses sorted(ApiResponses responses) {
    ApiResponses ordered = new ApiResponses();
    new TreeMap<>(responses).forEach(ordered::addApiResponse);
    ordered.setExtensions(responses.getExtensions());
    return ordered;
  }

  static ApiResponse problemResponse(int status) {
    return new ApiResponse()
        .description(PROBLEM_DESCRIPTIONS.getOrDefault(status, HttpStatus.valueOf(status).getReasonPhrase()))
        .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref(PROBLEM))));
  }

  private static final Map<Integer, String> PROBLEM_DESCRIPTIONS = Map.ofEntries(
      Map.entry(400, "Bad request: a malformed Authorization header, query parameter, path or JSON body; `errors` names each."),
      Map.entry(401, "No bearer token, or one the service does not know."),
      Map.entry(403, "The caller is authenticated but may not do this; `detail` names the roles that would do."),
      Map.entry(404, "No such resource (e.g. `action-not-found`)."),
      Map.entry(409, "The resource is not in a state that allows this (`wrong-state`, `request-id-conflict`, ...);"
          + " `actionId` and `actionStatus` say where it is."),
      Map.entry(413, "The body is larger than governed.api.max-body-size."),
      Map.entry(415, "The body is not sent as `Content-Type: application/json` (or the type the operation names)."),
      Map.entry(422, "The body is well-formed but wrong; `errors` lists every problem at once, each at its own field path."),
      Map.entry(503, "A dependency (PostgreSQL, Temporal) is unavailable; nothing was changed. Repeat the same request"
          + " later (`Retry-After`)."),
      Map.entry(504, "Temporal did not answer in time; repeating the same request is safe."));

  private static Schema<?> problemSchema() {
    Schema<Object> errors = new Schema<>();
    errors.addType("array");
    errors.setType("array");
    errors.setDescription("Every field that is wrong, when the problem is about fields (a policy's problems carry"
        + " rule, path, line and column).");
    Schema<Object> item = new Schema<>();
    item.setAnyOf(List.of(ref("FieldProblem"), ref("PolicyProblem")));
    errors.setItems(item);
    Schema<Object> problem = object("""
        An RFC 9457 problem. `type` is a URI under https://governed-actions.dev/problems/ whose last segment names \
        the problem (e.g. wrong-state); further members such as `actionId`, `actionStatus` or `lastKnownStatus` \
        appear where the problem concerns an action.""");
    problem.addProperty("type", uri("The problem type."));
    problem.addProperty("title", string("A short summary of the problem type."));
    problem.addProperty("status", integer("The HTTP status."));
    problem.addProperty("detail", string("What went wrong for this request and what to do about it."));
    problem.addProperty("instance", nullable(string("The request path.")));
    problem.addProperty("errors", errors);
    problem.setRequired(List.of("type", "title", "status"));
    problem.setAdditionalProperties(true);
    return problem;
  }

  /** Temporal's remote codec protocol: protobuf JSON of temporal.api.common.v1.Payloads. */
  private static Schema<?> payloadsSchema() {
    Schema<Object> metadata = object("Metadata entries, each value base64.");
    metadata.setAdditionalProperties(string(null));
    Schema<Object> payload = object("One Temporal payload.")
        .addProperty("metadata", metadata)
        .addProperty("data", string("The payload's bytes, base64."));
    Schema<Object> list = new Schema<>();
    list.addType("array");
    list.setType("array");
    list.setItems(payload);
    Schema<Object> payloads = object("Payloads as in Temporal's remote codec protocol.").addProperty("payloads", list);
    return payloads;
  }

  /** Slack's interactivity callback: form-encoded, signed by Slack, no bearer token. */
  private static PathItem slackPath() {
    Schema<Object> form = object("Slack's interactivity payload, form-encoded as Slack sends it.")
        .addProperty("payload", string("The interaction as JSON (type block_actions, the Approve or Reject button)."));
    ApiResponses responses = new ApiResponses()
        .addApiResponse("200", new ApiResponse()
            .description("Handled, refused politely in Slack, or a replay ignored: Slack only needs a 200.")
            .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(object("What happened, in one member.").additionalProperties(string(null))))));
    for (int status : new int[] {400, 401, 404, 413, 503, 504}) {
      responses.addApiResponse(String.valueOf(status), problemResponse(status));
    }
    responses.get("401").setDescription("Not signed by Slack with the signing secret, or older than the tolerance.");
    responses.get("404").setDescription("Slack approvals are not enabled here (`slack-not-enabled`): set"
        + " governed.slack.enabled=true and its bot token and signing secret.");
    Operation operation = new Operation()
        .operationId("slackInteraction")
        .summary("Slack's Approve and Reject buttons")
        .description("""
            Called by Slack, not by clients: the decision goes through the same checks as POST \
            /api/v1/actions/{actionId}/approve, as the principal linked to the Slack user (governed.slack.users).

            Roles: Slack's request signature (X-Slack-Signature, X-Slack-Request-Timestamp) instead of a \
            bearer token; the decision needs the roles of the approval tier.""")
        .addTagsItem("slack")
        .security(List.of())
        .requestBody(new RequestBody().required(true).content(new Content()
            .addMediaType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED_VALUE, new MediaType().schema(form))))
        .responses(responses);
    operation.addExtension("x-roles", List.of());
    return new PathItem().post(operation);
  }

  static Schema<Object> object(String description) {
    Schema<Object> schema = new Schema<>();
    schema.addType("object");
    schema.setType("object");
    schema.setDescription(description);
    return schema;
  }

  static Schema<Object> string(String description) {
    Schema<Object> schema = new Schema<>();
    schema.addType("string");
    schema.setType("string");
    schema.setDescription(description);
    return schema;
  }

  private static Schema<Object> uri(String description) {
    Schema<Object> schema = string(description);
    schema.setFormat("uri");
    return schema;
  }

  private static Schema<Object> integer(String description) {
    Schema<Object> schema = new Schema<>();
    schema.addType("integer");
    schema.setType("integer");
    schema.setFormat("int32");
    schema.setDescription(description);
    return schema;
  }

  private static Schema<Object> nullable(Schema<Object> schema) {
    schema.addType("null");
    return schema;
  }

  static Schema<Object> ref(String name) {
    Schema<Object> schema = new Schema<>();
    schema.set$ref("#/components/schemas/" + name);
    return schema;
  }
}
