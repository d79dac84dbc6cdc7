package com.governedactions.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to the service under test, as a chat backend or a person would call it. */
final class ServiceHttp {
  /** Longer than the API's own 30 s wait for Temporal, so the API answers (504) before we give up. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);
  private static final ObjectMapper JSON = new ObjectMapper();

  record Reply(int status, JsonNode body) {
    Reply expect(int expected, String what) {
      if (status != expected) {
        throw new AssertionError(what + ": expected HTTP " + expected + " but got " + status + " " + body);
      }
      return this;
    }

    String text(String field) {
      return body.path(field).asText();
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  ServiceHttp(int port) {
    this.baseUrl = "http://localhost:" + port;
  }

  String baseUrl() {
    return baseUrl;
  }

  Reply get(String path, String token) {
    return send(request(path, token).GET());
  }

  Reply post(String path, String token, String json) {
    return send(
        request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply delete(String path) {
    return send(request(path, null).DELETE());
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private Reply send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Reply(response.statusCode(), body.isEmpty() ? NullNode.getInstance() : JSON.readTree(body));
    } catch (IOException e) {
      throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + built.method() + " " + built.uri(), e);
    }
  }
}
