package com.governedactions.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;

/** Says, in a client's terms, why a request body could not be read as the JSON the API expects. */
final class JsonProblems {
  private JsonProblems() {}

  static ApiProblem describe(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return unknownField(unknown);
    }
    if (cause instanceof MismatchedInputException mismatch && isTrailingContent(mismatch)) {
      return ApiProblem.badRequest("malformed-json", "Malformed JSON",
          "The request body has content after the JSON value" + where(mismatch.getLocation())
              + ". Send exactly one JSON object.", List.of());
    }
    if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
        && !mismatch.getPath().isEmpty()) {
      return wrongType(mismatch);
    }
    if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return ApiProblem.badRequest("wrong-type", "Wrong JSON type",
          "The request body must be " + expected(mismatch.getTargetType()) + ".", List.of());
    }
    if (cause instanceof StreamReadException || cause instanceof MismatchedInputException) {
      JsonProcessingException json = (JsonProcessingException) cause;
      return ApiProblem.badRequest("malformed-json", "Malformed JSON",
          "The request body is not valid JSON: " + json.getOriginalMessage() + where(json.getLocation())
              + ". Send one well-formed JSON object.", List.of());
    }
    if (cause == null) {
      return ApiProblem.badRequest("missing-body", "Request body required",
          "This request needs a JSON body (Content-Type: application/json).", List.of());
    }
    return ApiProblem.badRequest("unreadable-body", "Unreadable request body",
        "The request body could not be read as the expected JSON: " + rootMessage(cause), List.of());
  }

  /** Jackson reports FAIL_ON_TRAILING_TOKENS as a mismatch; only its message tells them apart. */
  private static boolean isTrailingContent(MismatchedInputException e) {
    String message = e.getOriginalMessage();
    return message != null && message.startsWith("Trailing token");
  }

  private static ApiProblem unknownField(UnrecognizedPropertyException e) {
    String field = path(e);
    Collection<Object> known = e.getKnownPropertyIds();
    String allowed = known == null ? "" : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    String detail = "Unknown field '" + field + "'. Remove it" + (allowed.isEmpty() ? "." : "; the fields allowed here are: " + allowed + ".");
    return ApiProblem.badRequest("unknown-field", "Unknown field", detail,
        List.of(new FieldProblem(field, "unknown field" + (allowed.isEmpty() ? "" : "; allowed: " + allowed))));
  }

  private static ApiProblem wrongType(MismatchedInputException e) {
    String field = path(e);
    String detail = "Field '" + field + "' must be " + expected(e.getTargetType()) + ".";
    return ApiProblem.badRequest("wrong-type", "Wrong JSON type", detail,
        List.of(new FieldProblem(field, "must be " + expected(e.getTargetType()))));
  }

  private static String expected(Class<?> type) {
    if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
      return "a JSON string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a JSON number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord() || type == Object.class) {
      return "a JSON object";
    }
    return "a " + type.getSimpleName();
  }

  /** The dotted path of the offending field, e.g. {@code actor.type} or {@code items[2]}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
