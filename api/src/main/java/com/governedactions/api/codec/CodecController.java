package com.governedactions.api.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.codec.AesGcmPayloadCodec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's remote codec protocol, so the Temporal UI and CLI show operators decrypted payloads:
 * {@code POST /api/v1/codec/decode} and {@code /encode} take and return {@code {"payloads": [...]}}
 * in protobuf JSON. Operators only: decoding reveals the personal data the codec protects. In dev
 * mode the Temporal UI's own origin may decode without a token ({@link DevModeCodecAccess}).
 */
@RestController
@RequestMapping(path = CodecController.PREFIX, consumes = MediaType.APPLICATION_JSON_VALUE,
    produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "codec", description = "Temporal's remote codec protocol, for the Temporal UI and CLI.")
class CodecController {
  static final String PREFIX = "/api/v1/codec";
  private static final Logger log = LoggerFactory.getLogger(CodecController.class);

  private final AesGcmPayloadCodec codec;

  CodecController(AesGcmPayloadCodec codec) {
    this.codec = codec;
  }

  @Operation(operationId = "decodePayloads", summary = "Decrypt Temporal payloads",
      description = "Every use is logged with the principal: decoding reveals personal data. In dev mode the"
          + " Temporal UI's own origin may call it without a token.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(schema = @Schema(ref = "#/components/schemas/Payloads"))))
  @ApiResponse(responseCode = "200", description = "The payloads decoded.",
      content = @Content(schema = @Schema(ref = "#/components/schemas/Payloads")))
  @CallableBy({Roles.OPERATOR})
  @ProblemStatuses({403, 422})
  @PostMapping("/decode")
  String decode(@RequestBody String body, @CurrentPrincipal PrincipalInfo caller,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ORIGIN, required = false) String origin) {
    Roles.requireAny(caller, "Decoding Temporal payloads", Roles.OPERATOR);
    // who read what: decryption exposes personal data, so each use is on record, token or not
    log.info("Principal '{}' decoded Temporal payloads{}", caller.id(), origin == null ? "" : " (origin " + origin + ")");
    return apply(body, codec::decode);
  }

  @Operation(operationId = "encodePayloads", summary = "Encrypt Temporal payloads",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(schema = @Schema(ref = "#/components/schemas/Payloads"))))
  @ApiResponse(responseCode = "200", description = "The payloads encoded.",
      content = @Content(schema = @Schema(ref = "#/components/schemas/Payloads")))
  @CallableBy({Roles.OPERATOR})
  @ProblemStatuses({403, 422})
  @PostMapping("/encode")
  String encode(@RequestBody String body, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Encoding Temporal payloads", Roles.OPERATOR);
    return apply(body, codec::encode);
  }

  private static String apply(String body, UnaryOperator<List<Payload>> operation) {
    Payloads.Builder payloads = Payloads.newBuilder();
    try {
      JsonFormat.parser().merge(body, payloads);
    } catch (InvalidProtocolBufferException e) {
      throw ApiProblem.badRequest("malformed-payloads", "Malformed payloads",
          "The body must be {\"payloads\": [{\"metadata\": {\"encoding\": \"<base64>\"}, \"data\": \"<base64>\"}]} "
              + "as in Temporal's remote codec protocol: " + e.getMessage(),
          List.of());
    }
    List<Payload> result;
    try {
      result = operation.apply(payloads.getPayloadsList());
    } catch (PayloadCodecException e) {
      throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "undecodable-payload", "Payload cannot be decoded",
          e.getMessage());
    }
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace()
          .print(Payloads.newBuilder().addAllPayloads(result).build());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Payloads message always prints as JSON", e);
    }
  }
}
