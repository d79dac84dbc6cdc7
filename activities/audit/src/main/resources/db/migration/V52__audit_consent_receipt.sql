-- The consent receipt an audit event carries (issue 15, docs/consent-receipts.md): on the events of
-- a confirmation (asked, confirmed, declined, expired, refused for another text), what the customer
-- was shown and what became of it. Null on every other event and on every row written before it.
-- Part of the hash chain only when present (AuditChainHash, version 2), so no stored hash changes.
ALTER TABLE governed.audit_event ADD COLUMN consent jsonb;
