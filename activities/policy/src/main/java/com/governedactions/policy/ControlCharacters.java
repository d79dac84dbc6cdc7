package com.governedactions.policy;

/**
 * The characters no text the service stores may hold: the C0 controls other than tab, line feed
 * and carriage return, and DEL. PostgreSQL cannot store NUL at all (every later audit write of the
 * action would fail), and the others only garble logs, CSV exports and the UI. One rule for the
 * whole API, so every field says the same thing.
 */
public final class ControlCharacters {
  /** What to tell a client, after the field name. */
  public static final String RULE =
      "must not contain control characters such as NUL (U+0000 to U+001F other than tab, line feed and carriage return, or U+007F)";

  private ControlCharacters() {}

  /** True when {@code text} holds at least one refused character; false for null. */
  public static boolean in(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (refused(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static boolean refused(char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
  }
}
