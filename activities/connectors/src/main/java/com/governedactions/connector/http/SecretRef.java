package com.governedactions.connector.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.core.env.PropertyResolver;

/**
 * A reference to a secret, never the secret: {@code env:NAME} reads an environment variable (or a
 * Spring property of that name), {@code file:/path} reads a file at every call, so a mounted secret
 * can rotate without a restart. {@link #toString()} shows only the reference.
 */
public final class SecretRef {
  private final String reference;
  private final PropertyResolver environment;

  private SecretRef(String reference, PropertyResolver environment) {
    this.reference = reference;
    this.environment = environment;
  }

  /** Empty plus a problem when the reference has the wrong shape. */
  public static Optional<SecretRef> parse(String reference, PropertyResolver environment, String where, java.util.List<String> problems) {
    if (reference == null || reference.isBlank()) {
      problems.add(where + ": is required; write env:NAME or file:/path/to/secret");
      return Optional.empty();
    }
    if (!(reference.matches("env:[A-Za-z_][A-Za-z0-9_.-]*") || reference.matches("file:/.+"))) {
      // Never echo the value: someone may have pasted the secret itself here.
      problems.add(where + ": must be a reference, env:NAME or file:/path/to/secret, not the secret itself");
      return Optional.empty();
    }
    return Optional.of(new SecretRef(reference, environment));
  }

  /** The secret now; a missing one is a configuration error, reported without any value. */
  public String resolve() {
    String value;
    if (reference.startsWith("env:")) {
      value = environment.getProperty(reference.substring(4));
    } else {
      try {
        value = Files.readString(Path.of(reference.substring(5))).strip();
      } catch (IOException e) {
        throw new IllegalStateException("secret " + reference + " cannot be read: " + e.getClass().getSimpleName());
      }
    }
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("secret " + reference + " is not set or empty");
    }
    return value;
  }

  @Override
  public String toString() {
    return reference;
  }
}
