package com.governedactions.samplestore;

/** Checks on client-sent text fields; each error names the field to fix. */
final class Fields {
  private Fields() {}

  static String required(String value, String field, int maxLength) {
    if (value == null || value.isBlank()) {
      throw StoreException.invalid(field + " is required");
    }
    return optional(value, field, maxLength);
  }

  static String optional(String value, String field, int maxLength) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > maxLength) {
      throw StoreException.invalid(field + " must be at most " + maxLength + " characters");
    }
    return value;
  }
}
