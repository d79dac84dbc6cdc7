package com.governedactions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which seeded orders the run refunds, and who the customer is. Every refund is one cent, spread
 * round-robin over the orders that still have enough refundable money for their share, so repeated
 * runs against the same database keep working until the orders are nearly drained.
 *
 * <p>Every refund names a customer of its own: the policy escalates a customer's fourth refund in 30
 * days (rule repeat-refunds), and the benchmark wants the auto-allowed path every time.
 */
final class RefundPlan {
  static final String AMOUNT = "0.01";
  static final String CURRENCY = "USD";
  private static final BigDecimal CENT = new BigDecimal(AMOUNT);
  private static final int FIRST_ORDER = 1001;
  private static final int LAST_ORDER = 1020;
  private static final int MIN_ORDERS = 4;

  private final String runId;
  private final List<String> orders;

  private RefundPlan(String runId, List<String> orders) {
    this.runId = runId;
    this.orders = List.copyOf(orders);
  }

  /** Reads what each seeded order still has to refund and keeps those with room for their share. */
  static RefundPlan choose(String runId, URI baseUrl, int refunds, HttpClient http, ObjectMapper json)
      throws IOException, InterruptedException {
    Map<String, BigDecimal> refundable = new TreeMap<>();
    for (int n = FIRST_ORDER; n <= LAST_ORDER; n++) {
      String orderId = "A-" + n;
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(baseUrl.resolve("/sample-store/orders/" + orderId))
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        continue; // an order another test cancelled or removed is simply not used
      }
      JsonNode order = json.readTree(response.body());
      if ("PAID".equals(order.path("status").asText())) {
        refundable.put(orderId, new BigDecimal(order.path("refundableAmount").asText("0")));
      }
    }
    List<String> byRoom = new ArrayList<>(refundable.keySet());
    byRoom.sort(Comparator.comparing(refundable::get).reversed());
    for (int k = byRoom.size(); k >= MIN_ORDERS; k--) {
      // 10% margin: a round-robin share is at most one refund above the average.
      BigDecimal share = CENT.multiply(BigDecimal.valueOf((long) Math.ceil(refunds * 1.1 / k) + 1));
      if (refundable.get(byRoom.get(k - 1)).compareTo(share) >= 0) {
        List<String> chosen = new ArrayList<>(byRoom.subList(0, k));
        chosen.sort(Comparator.naturalOrder());
        return new RefundPlan(runId, chosen);
      }
    }
    throw new IllegalStateException(
        "the sample store's orders A-1001..A-1020 no longer have room for " + refunds
            + " refunds of USD " + AMOUNT + " (refundable now: " + refundable + "). Lower N/HTTP_N, or"
            + " reseed the sample store (schema sample_store in the service's database).");
  }

  List<String> orders() {
    return orders;
  }

  String orderFor(int seq) {
    return orders.get(seq % orders.size());
  }

  Map<String, Object> params(int seq) {
    return Map.of("orderId", orderFor(seq), "amount", AMOUNT, "currency", CURRENCY, "reason", "benchmark");
  }

  String customerFor(int seq) {
    return "C-bench-" + runId + "-" + seq;
  }

  String conversation() {
    return "bench-" + runId;
  }
}
