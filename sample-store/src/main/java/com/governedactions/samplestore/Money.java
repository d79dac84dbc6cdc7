package com.governedactions.samplestore;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/** An amount in an ISO 4217 currency, parsed from the decimal string a client sends. */
record Money(BigDecimal amount, String currency) {
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,10}(\\.\\d{1,2})?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /** A positive amount with no more decimals than the currency has (and at most two). */
  static Money parse(String amount, String currency) {
    String code = requireCurrency(currency);
    if (amount == null || !DECIMAL.matcher(amount).matches()) {
      throw StoreException.invalid(
          "amount must be a decimal string such as \"89.50\" (up to 10 digits, 2 decimals), got " + quoted(amount));
    }
    BigDecimal value = new BigDecimal(amount);
    int digits = Currency.getInstance(code).getDefaultFractionDigits();
    if (value.scale() > Math.max(digits, 0)) {
      throw StoreException.invalid(code + " amounts have " + digits + " decimals, got " + amount);
    }
    if (value.signum() <= 0) {
      throw StoreException.invalid("amount must be greater than zero, got " + amount);
    }
    return new Money(value.setScale(2), code);
  }

  static String requireCurrency(String currency) {
    if (currency == null || !CURRENCY.matcher(currency).matches()) {
      throw StoreException.invalid("currency must be an ISO 4217 code such as \"USD\", got " + quoted(currency));
    }
    try {
      Currency.getInstance(currency);
    } catch (IllegalArgumentException e) {
      throw StoreException.invalid("currency " + currency + " is not an ISO 4217 code");
    }
    return currency;
  }

  /** The amount as the API writes it: a decimal string with two places. */
  static String text(BigDecimal amount) {
    return amount.setScale(2).toPlainString();
  }

  String amountText() {
    return text(amount);
  }

  @Override
  public String toString() {
    return currency + " " + amountText();
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "\"" + value + "\"";
  }
}
