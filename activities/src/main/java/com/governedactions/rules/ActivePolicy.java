package com.governedactions.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The policy every rule check uses. Starts with the file policy as version 1; {@link #activate}
 * swaps in another version atomically, so a rule check sees either the old or the new policy whole.
 */
@Component
public class ActivePolicy {
  static final String DEFAULT_POLICY = "policy/default-policy.yaml";
  /** The policy loaded from file at start; versioned storage numbers its successors. */
  public static final long FILE_POLICY_VERSION = 1;

  private static final Logger log = LoggerFactory.getLogger(ActivePolicy.class);

  private final AtomicReference<CompiledPolicy> current;

  @Autowired
  ActivePolicy(PolicyCompiler compiler, RulesProperties properties) {
    this(load(compiler, properties.policy().file()));
  }

  ActivePolicy(CompiledPolicy initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial));
  }

  public CompiledPolicy current() {
    return current.get();
  }

  /** Makes {@code policy} the one every later rule check uses. */
  public void activate(CompiledPolicy policy) {
    current.set(Objects.requireNonNull(policy));
    log.info("policy version {} active: rules {}", policy.version(), policy.ruleIds());
  }

  private static CompiledPolicy load(PolicyCompiler compiler, Path file) {
    String where = file == null ? "classpath:" + DEFAULT_POLICY : file.toString();
    CompiledPolicy policy;
    try {
      policy = compiler.compile(file == null ? bundledDefault() : Files.readString(file), FILE_POLICY_VERSION);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the policy file governed.policy.file=" + where, e);
    } catch (PolicyValidationException e) {
      throw new IllegalStateException("the policy in " + where + " is invalid: " + e.getMessage(), e);
    }
    log.info("policy version {} loaded from {}: rules {}", policy.version(), where, policy.ruleIds());
    return policy;
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
