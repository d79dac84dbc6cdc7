package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of the {@code confirm} signal: {@code {}}. {@code by} is optional and only recorded: the
 * REST API fills it with the authenticated client that relayed the customer's answer.
 *
 * @param shownTextSha256 optional hex SHA-256 of the text the customer was shown; when given it
 *     must be the hash of the text the service issued ({@link ConsentReceipt#textSha256()}), or the
 *     confirmation is refused. Left out of the JSON when null, so payloads without it read as before.
 */
public record Confirm(String by, @JsonInclude(JsonInclude.Include.NON_NULL) String shownTextSha256) {
  public Confirm(String by) {
    this(by, null);
  }
}
