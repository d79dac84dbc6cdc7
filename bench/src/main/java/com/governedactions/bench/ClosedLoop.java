package com.governedactions.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: {@code concurrency} callers, each starting its next call as soon as the last
 * one returned, until {@code count} calls are done. Latency is measured per call, throughput over
 * the wall time from the first start to the last answer.
 */
final class ClosedLoop {
  private static final int ERROR_SAMPLES = 5;

  /** One call; throws when it did not do what it should, which counts as an error. */
  @FunctionalInterface
  interface Call {
    void run(int index) throws Exception;
  }

  private ClosedLoop() {}

  static Phase run(String kind, String round, int count, int concurrency, Call call) throws InterruptedException {
    long[] latencies = new long[count];
    Arrays.fill(latencies, Phase.FAILED);
    AtomicInteger next = new AtomicInteger();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errorCount = new AtomicInteger();

    ExecutorService callers = Executors.newFixedThreadPool(concurrency, daemon(kind));
    long started = System.nanoTime();
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        loops.add(
            callers.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                      call.run(i);
                      latencies[i] = System.nanoTime() - t0;
                    } catch (Exception e) {
                      if (errorCount.incrementAndGet() <= ERROR_SAMPLES) {
                        errors.add(describe(e));
                      }
                    }
                  }
                }));
      }
      for (Future<?> loop : loops) {
        loop.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a " + kind + " caller thread died", e.getCause());
    } finally {
      callers.shutdownNow();
    }
    long wall = System.nanoTime() - started;
    return new Phase(kind, round, concurrency, latencies, wall, errorCount.get(), List.copyOf(errors), null);
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  private static java.util.concurrent.ThreadFactory daemon(String kind) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "bench-" + kind + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
