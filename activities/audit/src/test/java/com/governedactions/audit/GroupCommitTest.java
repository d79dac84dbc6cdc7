package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent callers share transactions, and each still gets its own write's outcome. */
class GroupCommitTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  /** Records groups and lone writes; the first group waits for {@code release} when asked to. */
  private static final class Recorder implements GroupCommit.Writer<String> {
    final List<List<String>> groups = new CopyOnWriteArrayList<>();
    final List<String> alone = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, Integer> written = new ConcurrentHashMap<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger mostConcurrent = new AtomicInteger();
    final CountDownLatch firstGroupStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holdFirst;
    volatile String failGroupsWith; // a group holding this item fails as a whole
    volatile String leaveOut; // a group leaves this item to its caller
    volatile String failAlone; // writing this item alone fails

    @Override
    public Collection<String> writeGroup(List<String> items) {
      int now = concurrent.incrementAndGet();
      mostConcurrent.accumulateAndGet(now, Math::max);
      try {
        if (groups.isEmpty() && holdFirst) {
          groups.add(items);
          firstGroupStarted.countDown();
          await(release);
        } else {
          groups.add(items);
        }
        if (items.contains(failGroupsWith)) {
          throw new IllegalStateException("group fails");
        }
        List<String> left = new ArrayList<>();
        for (String item : items) {
          if (item.equals(leaveOut)) {
            left.add(item);
          } else {
            written.merge(item, 1, Integer::sum);
          }
        }
        return left;
      } finally {
        concurrent.decrementAndGet();
      }
    }

    @Override
    public void writeAlone(String item) {
      alone.add(item);
      if (item.equals(failAlone)) {
        throw new IllegalArgumentException("cannot write " + item);
      }
      written.merge(item, 1, Integer::sum);
    }
  }

  @Test
  void given_callersArrivingWhileAGroupIsWritten_when_itCommits_then_theyShareTheNextTransaction() throws Exception {
    Recorder writer = new Recorder();
    writer.holdFirst = true;
    GroupCommit<String> commit = new GroupCommit<>(writer, 1, 64);

    Future<?> first = callers.submit(() -> commit.write("first"));
    writer.firstGroupStarted.await(10, TimeUnit.SECONDS);
    List<Thread> waiting = new CopyOnWriteArrayList<>();
    List<Future<?>> rest = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String item = "item-" + i;
      rest.add(callers.submit(() -> {
        waiting.add(Thread.currentThread());
        commit.write(item);
      }));
    }
    awaitWaiting(waiting, 20);
    writer.release.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> write : rest) {
      write.get(10, TimeUnit.SECONDS);
    }

    assertThat(writer.groups).hasSize(2);
    assertThat(writer.groups.get(0)).containsExactly("first");
    assertThat(writer.groups.get(1)).hasSize(20);
    assertThat(writer.written).hasSize(21).allSatisfy((item, times) -> assertThat(times).isEqualTo(1));
    assertThat(writer.alone).isEmpty();
    assertThat(commit.largestGroup()).isEqualTo(20);
  }

  @Test
  void given_manyCallers_when_written_then_eachItemOnceAndNeverMoreGroupsAtOnceThanAllowed() throws Exception {
    Recorder writer = new Recorder();
    GroupCommit<String> commit = new GroupCommit<>(writer, 2, 8);
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String item = "item-" + i;
      writes.add(callers.submit(() -> commit.write(item)));
    }
    for (Future<?> write : writes) {
      write.get(30, TimeUnit.SECONDS);
    }

    assertThat(writer.written).hasSize(2_000).allSatisfy((item, times) -> assertThat(times).isEqualTo(1));
    assertThat(writer.mostConcurrent.get()).isBetween(1, 2);
    assertThat(writer.groups).allSatisfy(group -> assertThat(group).hasSizeBetween(1, 8));
  }

  @Test
  void given_aGroupThatFails_when_written_then_eachCallerWritesAloneAndOnlyTheBadOneFails() throws Exception {
    Recorder writer = new Recorder();
    writer.holdFirst = true;
    writer.failGroupsWith = "bad";
    writer.failAlone = "bad";
    GroupCommit<String> commit = new GroupCommit<>(writer, 1, 64);

    Future<?> first = callers.submit(() -> commit.write("first"));
    writer.firstGroupStarted.await(10, TimeUnit.SECONDS);
    List<Thread> waiting = new CopyOnWriteArrayList<>();
    Future<?> good = callers.submit(() -> {
      waiting.add(Thread.currentThread());
      commit.write("good");
    });
    awaitWaiting(waiting, 1);
    Future<?> bad = callers.submit(() -> {
      waiting.add(Thread.currentThread());
      commit.write("bad");
    });
    awaitWaiting(waiting, 2);
    writer.release.countDown();

    first.get(10, TimeUnit.SECONDS);
    good.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("cannot write bad");
    assertThat(writer.groups.get(1)).containsExactly("good", "bad");
    assertThat(writer.alone).containsExactlyInAnyOrder("good", "bad");
    assertThat(writer.written).containsOnlyKeys("first", "good").containsValues(1, 1);
  }

  @Test
  void given_anItemTheGroupLeavesOut_when_written_then_itsCallerWritesItAlone() {
    Recorder writer = new Recorder();
    writer.leaveOut = "busy";
    GroupCommit<String> commit = new GroupCommit<>(writer, 1, 64);

    commit.write("busy");

    assertThat(writer.groups).containsExactly(List.of("busy"));
    assertThat(writer.alone).containsExactly("busy");
    assertThat(writer.written).containsEntry("busy", 1);
  }

  @Test
  void given_noWriterOrEmptyGroups_when_built_then_refusedWithTheReason() {
    assertThatThrownBy(() -> new GroupCommit<>(new Recorder(), 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one writer");
  }

  /** Until {@code count} callers have queued and wait for the writer. */
  static void awaitWaiting(List<Thread> threads, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.size() < count
        || !threads.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("callers did not queue: " + threads.stream().map(Thread::getState).toList());
      }
      Thread.sleep(5);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
