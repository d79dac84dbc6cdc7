package com.governedactions.samplestore;

import java.util.regex.Pattern;

/** A postal address as the API reads and writes it; {@code line2} is optional. */
record Address(String line1, String line2, String city, String postalCode, String country) {
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  /** Checks a client-sent address; the field named in the error is the one to fix. */
  static Address validated(Address address, String field) {
    if (address == null) {
      throw StoreException.invalid(field + " is required: {line1, line2?, city, postalCode, country}");
    }
    if (address.country == null || !COUNTRY.matcher(address.country).matches()) {
      throw StoreException.invalid(field + ".country must be an ISO 3166 alpha-2 code such as \"US\"");
    }
    return new Address(
        Fields.required(address.line1, field + ".line1", 200),
        Fields.optional(address.line2, field + ".line2", 200),
        Fields.required(address.city, field + ".city", 100),
        Fields.required(address.postalCode, field + ".postalCode", 20),
        address.country);
  }
}
