package com.governedactions.samplestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * The sample store alone on a random port, against the real PostgreSQL database {@code test}: the
 * store and the web layer, no Temporal, no audit schema. Each test makes its own orders and keys,
 * so tests neither see nor disturb the seeded demo orders' history.
 */
@SpringBootTest(
    classes = SampleStoreTestSupport.StoreOnly.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=${GOVERNED_TEST_DB_URL:jdbc:postgresql://localhost:5432/test}",
      "spring.datasource.username=postgres",
      "spring.datasource.password=",
      // no audit schema here, so not its role either: the checks below read the store as its owner
      "spring.datasource.hikari.connection-init-sql=",
      "governed.sample-store.enabled=true"
    })
abstract class SampleStoreTestSupport {
  /** Nested in a test class so the application's own component scan never picks it up. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    DataSourceAutoConfiguration.class,
    JdbcTemplateAutoConfiguration.class,
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class
  })
  @ComponentScan(basePackageClasses = SampleStoreDatabase.class)
  static class StoreOnly {}

  /** @param raw the body exactly as sent */
  record Response(int status, HttpHeaders headers, JsonNode body, String raw) {
    String text(String field) {
      return body.path(field).asText();
    }

    boolean replayed() {
      return Boolean.parseBoolean(headers.getFirst(StoreResponse.REPLAYED_HEADER));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  @AfterEach
  void clearFaults() {
    call(HttpMethod.DELETE, "/_faults", null, null);
  }

  String baseUrl() {
    return "http://localhost:" + port + "/sample-store";
  }

  /** A fresh PAID (or given status) USD order that no other test touches. */
  String newOrder(String status, String paidAmount) {
    String orderId = "T-" + UUID.randomUUID().toString().substring(0, 13);
    jdbc.update("""
        INSERT INTO sample_store.orders (order_id, customer_id, status, currency, paid_amount,
                                         address_line1, address_city, address_postal_code, address_country)
        VALUES (?, 'C-99', ?, 'USD', ?, '1 Test Street', 'Springfield', '12345', 'US')""",
        orderId, status, new BigDecimal(paidAmount));
    return orderId;
  }

  static String newKey() {
    return "test-" + UUID.randomUUID();
  }

  int refundRows(String orderId) {
    return jdbc.queryForObject("SELECT count(*) FROM sample_store.refunds WHERE order_id = ?", Integer.class, orderId);
  }

  Response refund(String key, String orderId, String amount) {
    return call(HttpMethod.POST, "/refunds", key, """
        {"orderId": "%s", "amount": "%s", "currency": "USD", "reason": "damaged"}""".formatted(orderId, amount));
  }

  Response order(String orderId) {
    return call(HttpMethod.GET, "/orders/" + orderId, null, null);
  }

  Response call(HttpMethod method, String path, String key, String body) {
    return call(RestClient.create(), method, path, key, body);
  }

  /** Calls with a client that gives up after {@code readTimeout}. */
  Response callWithTimeout(Duration readTimeout, HttpMethod method, String path, String key, String body) {
    JdkClientHttpRequestFactory requests =
        new JdkClientHttpRequestFactory(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    requests.setReadTimeout(readTimeout);
    return call(RestClient.builder().requestFactory(requests).build(), method, path, key, body);
  }

  private Response call(RestClient client, HttpMethod method, String path, String key, String body) {
    RestClient.RequestBodySpec request = client.method(method).uri(baseUrl() + path);
    if (key != null) {
      request.header(Idempotency.HEADER, key);
    }
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).body(body);
    }
    return request.exchange((req, response) -> {
      byte[] bytes = response.getBody().readAllBytes();
      JsonNode json = bytes.length == 0 ? NullNode.getInstance() : JSON.readTree(bytes);
      return new Response(response.getStatusCode().value(), response.getHeaders(), json,
          new String(bytes, StandardCharsets.UTF_8));
    }, true);
  }
}
