package com.governedactions.crash;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling: every wait in the crash test ends, and says what it last saw when it gives up. */
final class Await {
  private static final Duration INTERVAL = Duration.ofMillis(200);

  private Await() {}

  /**
   * Reads until {@code done} holds and returns that reading.
   *
   * @throws AssertionError after {@code timeout}, naming {@code what} and the last reading
   */
  static <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastFailure = null;
    while (true) {
      try {
        last = read.get();
        lastFailure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        // A read can fail while a process restarts; keep polling and report it if it never clears.
        lastFailure = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError timedOut =
            new AssertionError("gave up after " + timeout.toSeconds() + "s waiting for " + what
                + "; last seen: " + (lastFailure != null ? lastFailure : last));
        if (lastFailure != null) {
          timedOut.initCause(lastFailure);
        }
        throw timedOut;
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while polling", e);
    }
  }
}
