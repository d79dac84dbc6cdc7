package com.governedactions.audit;

import java.security.MessageDigest;
import java.util.List;

/** The newest event of one action's chain, as a checkpoint records it. */
record ChainHead(String actionId, int seq, byte[] hash) {
  /** Order of the list matters: callers read heads ordered by action id in the "C" collation. */
  static void addTo(MessageDigest digest, ChainHead head) {
    digest.update(new Canonical().text(head.actionId()).number(head.seq()).bytes(head.hash()).toBytes());
  }

  static byte[] digest(List<ChainHead> heads) {
    MessageDigest digest = sha256();
    heads.forEach(head -> addTo(digest, head));
    return digest.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
