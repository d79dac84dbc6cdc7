package com.governedactions.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit in the application: concurrent callers' writes share one transaction, so they share
 * one commit (one WAL flush) instead of paying for one each.
 *
 * <p>There is no background thread. A caller queues its item and, if fewer than {@code
 * maxWriters} groups are being written, becomes the writer: it takes up to {@code maxGroup} queued
 * items (its own among them, unless the queue was longer) and writes them in one transaction while
 * the callers it took wait. Items that arrive meanwhile queue up and form the next group, so the
 * busier the writer, the larger its groups, and a lone caller still writes at once.
 *
 * <p>A group never decides another caller's failure. An item the group leaves out (its row was
 * locked by someone else, say) and every item of a group that failed goes back to its own caller,
 * which writes it alone in a transaction of its own and gets that write's outcome: exactly what it
 * would have got without grouping.
 *
 * @param <T> what one caller writes
 */
final class GroupCommit<T> {
  /** Writes a group in one transaction, or one item alone in another. */
  interface Writer<T> {
    /**
     * Writes the items in one transaction and commits it; throwing rolls all of it back.
     *
     * @return the items it did not write, which their callers then write alone
     */
    Collection<T> writeGroup(List<T> items);

    /** Writes one item in a transaction of its own, waiting for whatever it needs. */
    void writeAlone(T item);
  }

  private enum State { QUEUED, WRITING, DONE, ALONE }

  private static final class Pending<T> {
    final T item;
    State state = State.QUEUED;

    Pending(T item) {
      this.item = item;
    }
  }

  private final Writer<T> writer;
  private final java.util.function.IntConsumer committedGroups;
  private final int maxWriters;
  private final int maxGroup;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private int writing;
  private volatile int largestGroup;

  GroupCommit(Writer<T> writer, int maxWriters, int maxGroup) {
    this(writer, maxWriters, maxGroup, size -> {});
  }

  /** @param committedGroups told the size of every group committed (for the audit writer's meters) */
  GroupCommit(Writer<T> writer, int maxWriters, int maxGroup, java.util.function.IntConsumer committedGroups) {
    if (maxWriters < 1 || maxGroup < 1) {
      throw new IllegalArgumentException(
          "group commit needs at least one writer and groups of at least one, was " + maxWriters + " and " + maxGroup);
    }
    this.writer = writer;
    this.committedGroups = committedGroups;
    this.maxWriters = maxWriters;
    this.maxGroup = maxGroup;
  }

  /** Returns once the item is committed, or throws what writing it alone threw. */
  void write(T item) {
    Pending<T> mine = new Pending<>(item);
    lock.lock();
    try {
      queue.add(mine);
      while (mine.state == State.QUEUED || mine.state == State.WRITING) {
        if (mine.state == State.QUEUED && writing < maxWriters) {
          writeNextGroup();
        } else {
          // Short waits: the group that holds this item commits in milliseconds.
          changed.awaitUninterruptibly();
        }
      }
    } finally {
      lock.unlock();
    }
    if (mine.state == State.ALONE) {
      writer.writeAlone(item);
    }
  }

  /** The most items one group has taken so far: whether grouping happens at all. */
  int largestGroup() {
    return largestGroup;
  }

  /** Called holding the lock; releases it while the group is written. */
  private void writeNextGroup() {
    List<Pending<T>> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
    while (!queue.isEmpty() && group.size() < maxGroup) {
      Pending<T> next = queue.poll();
      next.state = State.WRITING;
      group.add(next);
    }
    writing++;
    largestGroup = Math.max(largestGroup, group.size());
    Set<T> left = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean committed = false;
    lock.unlock();
    try {
      left.addAll(writer.writeGroup(group.stream().map(pending -> pending.item).toList()));
      committed = true;
    } catch (RuntimeException e) {
      // Rolled back: nothing of the group is written. Each caller now writes alone and sees its own
      // outcome, so one bad item cannot fail the others.
    } finally {
      if (committed) {
        committedGroups.accept(group.size());
      }
      lock.lock();
      writing--;
      for (Pending<T> pending : group) {
        pending.state = committed && !left.contains(pending.item) ? State.DONE : State.ALONE;
      }
      changed.signalAll();
    }
  }
}
