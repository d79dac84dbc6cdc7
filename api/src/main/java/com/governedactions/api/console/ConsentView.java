package com.governedactions.api.console;

import com.governedactions.action.ConsentReceipt;
import java.time.Instant;

/**
 * The consent receipt as the action page shows it (docs/consent-receipts.md): the receipt as
 * {@code GET /api/v1/actions/{id}/consent} answers it, when it was answered, and whether the
 * SHA-256 recomputed here from the text on the page is the hash the receipt holds.
 *
 * @param answeredAt when it was confirmed, declined or expired; null while it waits
 * @param textMatches the hash of the shown text (and of the receipt's own text) is {@code textSha256}
 */
record ConsentView(ConsentReceipt receipt, Instant answeredAt, boolean textMatches) {

  /** The view of {@code receipt} on a page that shows {@code shownText} as what the customer was asked. */
  static ConsentView of(ConsentReceipt receipt, String shownText) {
    Instant answeredAt = receipt.confirmedAt() != null ? receipt.confirmedAt()
        : receipt.declinedAt() != null ? receipt.declinedAt()
        : receipt.expiredAt();
    boolean matches = shownText != null && receipt.text() != null
        && ConsentReceipt.sha256(shownText).equals(receipt.textSha256())
        && ConsentReceipt.sha256(receipt.text()).equals(receipt.textSha256());
    return new ConsentView(receipt, answeredAt, matches);
  }
}
