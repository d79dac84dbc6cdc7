package com.governedactions.policy;

import com.governedactions.directory.PrincipalDirectory;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * What a policy admin does with the policy: read the active version, submit a new one (validated
 * whole before anything is stored), list the versions, and, under dual control, approve or reject
 * another admin's version.
 */
@Service
public class PolicyAdministration {
  private static final Logger log = LoggerFactory.getLogger(PolicyAdministration.class);

  private final PolicyCompiler compiler;
  private final PolicyVersionStore store;
  private final ActivePolicy activePolicy;
  private final PrincipalDirectory directory;
  private final boolean dualControl;

  public PolicyAdministration(
      PolicyCompiler compiler,
      PolicyVersionStore store,
      ActivePolicy activePolicy,
      PrincipalDirectory directory,
      @Value("${governed.policy.dual-control:false}") boolean dualControl) {
    this.compiler = compiler;
    this.store = store;
    this.activePolicy = activePolicy;
    this.directory = directory;
    this.dualControl = dualControl;
  }

  public boolean dualControl() {
    return dualControl;
  }

  /** The active version; seeds the file policy first if the store is empty. */
  public PolicyVersion active() {
    long version = activePolicy.current().version();
    return store.find(version).orElseThrow(() -> new IllegalStateException("active version " + version + " vanished"));
  }

  public List<PolicyVersion> versions() {
    return store.all();
  }

  public Optional<PolicyVersion> version(long version) {
    return store.find(version);
  }

  /**
   * Validates {@code document} completely, then stores it as the next version: active at once, or
   * PENDING under dual control.
   *
   * @throws PolicyValidationException listing every problem; nothing is stored
   */
  public PolicyVersion submit(String document, String format, String author) {
    // The number is only known inside the store's lock; compile once with a placeholder to
    // validate, and let the cache compile the stored version under its own number.
    validate(document);
    PolicyVersion stored = store.add(document, format, author, dualControl);
    log.info("policy version {} {} by {}", stored.version(), stored.status() == PolicyVersion.Status.ACTIVE ? "activated" : "submitted for approval", author);
    warm(stored);
    return stored;
  }

  /**
   * Checks {@code document} exactly as {@link #submit} does (the roles people hold included) and
   * stores nothing: a policy editor shows the problems before anyone saves.
   *
   * @throws PolicyValidationException listing every problem with its line and column
   */
  public void validate(String document) {
    compiler.compile(document, 0, RoleHolders.of(directory.principals()));
  }

  /** Activates a PENDING version; its author cannot. */
  public PolicyVersion approve(long version, String approver) {
    PolicyVersion approved = store.approve(version, approver);
    log.info("policy version {} by {} approved by {} and activated", version, approved.author(), approver);
    warm(approved);
    return approved;
  }

  public PolicyVersion reject(long version, String by, String reason) {
    PolicyVersion rejected = store.reject(version, by, reason);
    log.info("policy version {} by {} rejected by {}", version, rejected.author(), by);
    return rejected;
  }

  private void warm(PolicyVersion stored) {
    if (stored.status() == PolicyVersion.Status.ACTIVE) {
      activePolicy.version(stored.version());
    }
  }
}
