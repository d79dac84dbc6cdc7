package com.governedactions.bench;

import java.net.URI;

/**
 * Settings of one run. {@code run-core.sh} maps its environment variables (N, CONCURRENCY, ...) to
 * these {@code bench.*} system properties.
 *
 * @param n workflows per measured round, for each of trivial and governed
 * @param rounds measured rounds; each runs trivial, governed, trivial at the REST concurrency, then REST
 * @param concurrency workflows in flight for trivial and governed alike
 * @param warmup workflows of each kind run before measuring (half as many REST calls)
 * @param httpN POST /actions calls per measured round
 * @param httpConcurrency concurrent HTTP clients
 * @param httpConcurrencyWide concurrent HTTP clients of a second REST phase per round, with the
 *     trivial workflow at the same concurrency beside it; 0 skips it
 * @param historySample workflows per kind whose history is read to split their latency into phases
 * @param unloadedN calls of each kind made one at a time after the warm-up, to show latency without
 *     queueing; 0 skips them
 * @param trivialPollers workflow and activity task pollers of the trivial worker; 0 keeps the SDK
 *     default, which the service's worker uses too
 */
record BenchConfig(
    int n,
    int rounds,
    int concurrency,
    int warmup,
    int httpN,
    int httpConcurrency,
    int httpConcurrencyWide,
    int historySample,
    int unloadedN,
    int trivialPollers,
    String temporalTarget,
    String namespace,
    URI baseUrl,
    String token) {

  static BenchConfig fromSystemProperties() {
    BenchConfig config =
        new BenchConfig(
            intProperty("bench.n", 400),
            intProperty("bench.rounds", 5),
            intProperty("bench.concurrency", 16),
            intProperty("bench.warmup", 200),
            intProperty("bench.httpN", 300),
            intProperty("bench.httpConcurrency", 8),
            intProperty("bench.httpConcurrencyWide", 32),
            intProperty("bench.historySample", 60),
            intProperty("bench.unloadedN", 100),
            intProperty("bench.trivialPollers", 0),
            System.getProperty("bench.temporal", "localhost:7233"),
            System.getProperty("bench.namespace", "default"),
            URI.create(stripSlash(System.getProperty("bench.baseUrl", "http://localhost:8080"))),
            System.getProperty("bench.token", "dev-alice"));
    if (config.n < 1 || config.rounds < 1 || config.concurrency < 1 || config.httpN < 1
        || config.httpConcurrency < 1 || config.warmup < 0 || config.historySample < 0
        || config.unloadedN < 0 || config.trivialPollers < 0 || config.httpConcurrencyWide < 0) {
      throw new IllegalArgumentException(
          "N, ROUNDS, CONCURRENCY, HTTP_N and HTTP_CONCURRENCY must be at least 1, WARMUP,"
              + " HISTORY_SAMPLE, UNLOADED_N, TRIVIAL_POLLERS and HTTP_CONCURRENCY_WIDE at least 0; got " + config);
    }
    return config;
  }

  /** Refunds this run will ask the sample store for: governed and baseline workflows, REST submissions. */
  int refundsPlanned() {
    return 2 * warmup + warmupHttp() + 2 * unloadedN + rounds * (2 * n + httpN * (httpConcurrencyWide > 0 ? 2 : 1));
  }

  int warmupHttp() {
    return warmup / 2;
  }

  private static int intProperty(String name, int fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
