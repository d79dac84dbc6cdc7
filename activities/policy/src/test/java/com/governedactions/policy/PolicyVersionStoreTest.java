package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.policy.PolicyChangeRefused.Reason;
import com.governedactions.policy.PolicyVersion.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/** Versions in the real PostgreSQL: numbering, the single active version, and dual control. */
class PolicyVersionStoreTest {
  private static final String DOC_A = "rules: [{id: a, when: action.type == \"refund\", effect: allow}]\n";
  private static final String DOC_B = "rules: [{id: b, when: action.type == \"refund\", effect: deny}]\n";

  private final PolicyVersionStore store = PolicyTestDatabase.store();

  @BeforeEach
  @AfterEach
  void emptyTable() {
    PolicyTestDatabase.forgetAllVersions();
  }

  @Test
  void given_an_empty_store_when_seeded_twice_then_version_1_is_active_once() {
    PolicyVersion first = store.seedIfNoneActive(DOC_A, "yaml", "system");
    PolicyVersion second = store.seedIfNoneActive(DOC_B, "yaml", "system");

    assertThat(first.version()).isEqualTo(1);
    assertThat(first.status()).isEqualTo(Status.ACTIVE);
    assertThat(first.activatedAt()).isNotNull();
    assertThat(second).isEqualTo(first);
    assertThat(store.all()).hasSize(1);
  }

  @Test
  void given_an_active_version_when_another_is_added_then_it_is_active_and_the_old_one_superseded() {
    store.seedIfNoneActive(DOC_A, "yaml", "system");

    PolicyVersion added = store.add(DOC_B, "yaml", "paul", false);

    assertThat(added.version()).isEqualTo(2);
    assertThat(added.status()).isEqualTo(Status.ACTIVE);
    assertThat(added.baseVersion()).isEqualTo(1);
    assertThat(added.author()).isEqualTo("paul");
    assertThat(added.document()).isEqualTo(DOC_B);
    assertThat(store.activeVersion()).hasValue(2);
    assertThat(store.find(1)).hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(Status.SUPERSEDED));
    assertThat(store.all()).extracting(PolicyVersion::version).containsExactly(2L, 1L);
  }

  @Test
  void given_many_concurrent_puts_when_added_then_numbers_are_distinct_and_gap_free_and_one_is_active() throws Exception {
    store.seedIfNoneActive(DOC_A, "yaml", "system");
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<PolicyVersion>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        String author = "admin-" + i;
        Callable<PolicyVersion> put = () -> {
          go.await();
          return store.add(DOC_B, "yaml", author, false);
        };
        results.add(pool.submit(put));
      }
      go.countDown();
      List<Long> versions = new ArrayList<>();
      for (Future<PolicyVersion> result : results) {
        versions.add(result.get().version());
      }
      assertThat(versions).doesNotHaveDuplicates().hasSize(writers).allSatisfy(v -> assertThat(v).isBetween(2L, 17L));
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.all()).filteredOn(v -> v.status() == Status.ACTIVE).singleElement()
        .satisfies(v -> assertThat(v.version()).isEqualTo(17));
    assertThat(store.activeVersion()).hasValue(17);
  }

  @Test
  void given_an_active_version_when_a_second_active_row_is_forced_in_then_the_database_refuses_it() {
    store.seedIfNoneActive(DOC_A, "yaml", "system");

    assertThatThrownBy(() -> PolicyTestDatabase.JDBC.sql("""
            INSERT INTO governed.policy_version (version, document, format, author, status)
            VALUES (99, 'x', 'yaml', 'mallory', 'ACTIVE')
            """).update())
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void given_dual_control_when_a_version_is_pending_then_the_old_one_stays_active_until_another_admin_approves() {
    store.seedIfNoneActive(DOC_A, "yaml", "system");
    PolicyVersion pending = store.add(DOC_B, "yaml", "paul", true);

    assertThat(pending.status()).isEqualTo(Status.PENDING);
    assertThat(store.activeVersion()).hasValue(1);
    assertThatThrownBy(() -> store.approve(2, "paul"))
        .isInstanceOfSatisfying(PolicyChangeRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.OWN_VERSION));
    assertThat(store.activeVersion()).hasValue(1);

    PolicyVersion approved = store.approve(2, "petra");

    assertThat(approved.status()).isEqualTo(Status.ACTIVE);
    assertThat(approved.decidedBy()).isEqualTo("petra");
    assertThat(approved.decidedAt()).isNotNull();
    assertThat(store.activeVersion()).hasValue(2);
    assertThatThrownBy(() -> store.approve(2, "petra"))
        .isInstanceOfSatisfying(PolicyChangeRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PENDING));
  }

  @Test
  void given_two_pending_versions_when_one_is_approved_then_the_other_is_stale_and_cannot_undo_it() {
    store.seedIfNoneActive(DOC_A, "yaml", "system");
    store.add(DOC_B, "yaml", "paul", true);
    store.add(DOC_A, "yaml", "paul", true);
    store.approve(2, "petra");

    assertThatThrownBy(() -> store.approve(3, "petra"))
        .isInstanceOfSatisfying(PolicyChangeRefused.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.STALE);
          assertThat(e.getMessage()).contains("written against version 1, but version 2 is active now");
        });
    assertThat(store.activeVersion()).hasValue(2);
  }

  @Test
  void given_a_pending_version_when_rejected_then_it_never_activates_and_records_who_and_why() {
    store.seedIfNoneActive(DOC_A, "yaml", "system");
    store.add(DOC_B, "yaml", "paul", true);

    PolicyVersion rejected = store.reject(2, "petra", "denies every refund");

    assertThat(rejected.status()).isEqualTo(Status.REJECTED);
    assertThat(rejected.decidedBy()).isEqualTo("petra");
    assertThat(rejected.reason()).isEqualTo("denies every refund");
    assertThat(rejected.activatedAt()).isNull();
    assertThat(store.activeVersion()).hasValue(1);
    assertThatThrownBy(() -> store.approve(2, "petra"))
        .isInstanceOfSatisfying(PolicyChangeRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PENDING));
    assertThatThrownBy(() -> store.approve(42, "petra"))
        .isInstanceOfSatisfying(PolicyChangeRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }
}
