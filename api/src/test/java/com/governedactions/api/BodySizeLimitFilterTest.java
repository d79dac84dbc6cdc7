package com.governedactions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.util.unit.DataSize;

/**
 * The size limit on a real Tomcat, where a chunked body really arrives without a Content-Length:
 * the case a client could use to slip a large body past a check of the header alone.
 */
class BodySizeLimitFilterTest {
  private static final int LIMIT = 1024;

  private WebServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
    server =
        factory.getWebServer(
            context -> {
              context
                  .addFilter("limit", new BodySizeLimitFilter(
                      new ApiProperties(DataSize.ofBytes(LIMIT), Duration.ofSeconds(1)), new ObjectMapper()))
                  .addMappingForUrlPatterns(null, false, "/*");
              context.addServlet("echo", new EchoLength()).addMapping("/*");
            });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void given_chunkedBodyOverTheLimit_when_posted_then_413BeforeTheHandlerSeesIt() throws Exception {
    HttpResponse<String> response = post("/api/v1/actions", chunked(LIMIT + 1));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.body()).contains("body-too-large");
  }

  @Test
  void given_chunkedBodyAtTheLimit_when_posted_then_theHandlerReadsAllOfIt() throws Exception {
    HttpResponse<String> response = post("/api/v1/actions", chunked(LIMIT));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("read " + LIMIT);
  }

  @Test
  void given_declaredLengthOverTheLimit_when_posted_then_413() throws Exception {
    HttpResponse<String> response =
        post("/api/v1/actions", HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1]));

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void given_pathOutsideApi_when_postedOverTheLimit_then_notLimited() throws Exception {
    HttpResponse<String> response = post("/sample-store/orders", chunked(LIMIT * 2));

    assertThat(response.body()).isEqualTo("read " + LIMIT * 2);
  }

  private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + path))
            .header("Content-Type", "application/json")
            .POST(body)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A body of unknown length: the JDK client sends it with Transfer-Encoding: chunked. */
  private static HttpRequest.BodyPublisher chunked(int bytes) {
    return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[bytes]));
  }

  private static final class EchoLength extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write("read " + request.getInputStream().readAllBytes().length);
    }
  }
}
