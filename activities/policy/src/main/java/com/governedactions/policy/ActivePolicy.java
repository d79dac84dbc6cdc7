package com.governedactions.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The policy every rule check uses: the version PostgreSQL marks active right now. Each call to
 * {@link #current()} reads the active version's number (one index-only query), so a version
 * activated by any process — an API in another JVM — decides the very next request. Compiled
 * policies are immutable and cached per version, shared by all threads: a version is compiled once
 * per process.
 *
 * <p>When no version is active (the very first start), the policy file ({@code
 * governed.policy.file}, or the bundled default) is stored as version 1 and activated.
 */
@Component
public class ActivePolicy {
  static final String DEFAULT_POLICY = "policy/default-policy.yaml";
  /** The number the policy seeded from file gets in an empty store. */
  public static final long FILE_POLICY_VERSION = 1;
  /** The author recorded for the version seeded from file. */
  public static final String SEED_AUTHOR = "system";

  private static final Logger log = LoggerFactory.getLogger(ActivePolicy.class);
  /** Compiled versions kept per process besides the active one. */
  static final int KEPT_VERSIONS = 8;

  private final PolicyCompiler compiler;
  private final PolicyVersionStore store;
  private final String seedDocument;
  private final Map<PolicyVersionStore.ActiveKey, CompiledPolicy> compiled = new ConcurrentHashMap<>();
  /** Only for a policy fixed in memory (tests without a database). */
  private final AtomicReference<CompiledPolicy> fixed;

  @Autowired
  ActivePolicy(PolicyCompiler compiler, RulesProperties properties, PolicyVersionStore store) {
    this.compiler = compiler;
    this.store = store;
    this.fixed = null;
    Path file = properties.policy().file();
    String where = file == null ? "classpath:" + DEFAULT_POLICY : file.toString();
    this.seedDocument = read(file, where);
    try {
      // Refuse a broken file at start even when the store already has an active version.
      compiler.compile(seedDocument, FILE_POLICY_VERSION);
    } catch (PolicyValidationException e) {
      throw new IllegalStateException("the policy in " + where + " is invalid: " + e.getMessage(), e);
    }
    PolicyVersion active = store.seedIfNoneActive(seedDocument, formatOf(seedDocument), SEED_AUTHOR);
    if (active.document().equals(seedDocument)) {
      log.info("policy version {} active (by {}), the policy of {}", active.version(), active.author(), where);
    } else {
      log.warn("policy version {} (by {}) is active and differs from {}: the stored version wins; the file only"
          + " seeds an empty store. Change the policy with PUT /api/v1/policy.", active.version(), active.author(), where);
    }
  }

  /**
   * The stored policy without Spring (tests of other modules, tools): seeds {@code policyFile}, or
   * the bundled default when null, into an empty store.
   */
  public static ActivePolicy over(PolicyVersionStore store, PolicyCompiler compiler, Path policyFile) {
    return new ActivePolicy(
        compiler,
        new RulesProperties(new RulesProperties.Policy(policyFile), new RulesProperties.Confirmation(null)),
        store);
  }

  /** A policy fixed in memory, never read from a store: for tests of the rule check alone. */
  ActivePolicy(CompiledPolicy initial) {
    this.compiler = null;
    this.store = null;
    this.seedDocument = null;
    this.fixed = new AtomicReference<>(Objects.requireNonNull(initial));
  }

  /** The version active now. */
  public CompiledPolicy current() {
    if (fixed != null) {
      return fixed.get();
    }
    PolicyVersionStore.ActiveKey key =
        store.activeKey()
            // Someone emptied the table: start over from the file rather than refuse every request.
            .orElseGet(() -> {
              PolicyVersion seeded = store.seedIfNoneActive(seedDocument, formatOf(seedDocument), SEED_AUTHOR);
              return new PolicyVersionStore.ActiveKey(seeded.version(), seeded.createdAt());
            });
    CompiledPolicy policy = compiled.get(key);
    if (policy != null) {
      return policy;
    }
    policy = compiled.computeIfAbsent(key, this::compile);
    forgetOlderThan(key);
    return policy;
  }

  // A process lives through many versions; it only needs the recent ones. A rule check still
  // holding an evicted policy finishes with it undisturbed.
  private void forgetOlderThan(PolicyVersionStore.ActiveKey active) {
    if (compiled.size() > KEPT_VERSIONS) {
      compiled.keySet().removeIf(k -> k.version() < active.version() - KEPT_VERSIONS);
    }
  }

  /** A stored version, compiled; cached, so asking again is a map look-up. */
  public CompiledPolicy version(long version) {
    if (fixed != null) {
      return fixed.get();
    }
    PolicyVersion stored =
        store.find(version).orElseThrow(() -> new IllegalStateException("policy version " + version + " is not stored"));
    return compiled.computeIfAbsent(new PolicyVersionStore.ActiveKey(version, stored.createdAt()), this::compile);
  }

  private CompiledPolicy compile(PolicyVersionStore.ActiveKey key) {
    PolicyVersion stored =
        store.find(key.version())
            .orElseThrow(() -> new IllegalStateException("policy version " + key.version() + " is not stored"));
    return compiler.compile(stored.document(), key.version());
  }


  /** Makes {@code policy} the one every later rule check uses; only for a policy fixed in memory. */
  public void activate(CompiledPolicy policy) {
    if (fixed == null) {
      throw new IllegalStateException("the active policy is stored: change it through PolicyAdministration");
    }
    fixed.set(Objects.requireNonNull(policy));
  }

  /** {@code json} when the document is a JSON object, else {@code yaml}. */
  static String formatOf(String document) {
    return document.stripLeading().startsWith("{") ? "json" : "yaml";
  }

  private static String read(Path file, String where) {
    try {
      return file == null ? bundledDefault() : Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the policy file governed.policy.file=" + where, e);
    }
  }

  private static String bundledDefault() throws IOException {
    try (InputStream in = ActivePolicy.class.getClassLoader().getResourceAsStream(DEFAULT_POLICY)) {
      if (in == null) {
        throw new IOException(DEFAULT_POLICY + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
