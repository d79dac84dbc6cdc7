package com.governedactions.directory;

import org.springframework.core.env.Environment;

/**
 * Whether this process runs in dev mode: {@code governed.dev-mode} when set (dev/run sets it),
 * otherwise "no Temporal cluster configured", the embedded fallback. Dev mode alone unlocks the
 * public demo tokens and the Temporal UI's tokenless decoding.
 */
public final class DevMode {
  /** Set by dev/run: the one-command local stack on the Temporal dev server. */
  static final String DEV_MODE = "governed.dev-mode";
  /** Without governed.dev-mode, dev mode is "no Temporal cluster configured": the embedded fallback. */
  static final String TEMPORAL_TARGET = "governed.temporal.target";

  private DevMode() {}

  public static boolean isOn(Environment environment) {
    Boolean devMode = environment.getProperty(DEV_MODE, Boolean.class);
    if (devMode != null) {
      return devMode;
    }
    String target = environment.getProperty(TEMPORAL_TARGET);
    return target == null || target.isBlank();
  }
}
