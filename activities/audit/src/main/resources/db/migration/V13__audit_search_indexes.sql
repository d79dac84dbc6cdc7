-- GET /api/v1/audit pages newest first with a keyset on (occurred_at, id), so each equality filter
-- gets an index that already holds that order: the first page of any filter is one index range
-- scan, at any table size. The time range alone uses audit_event_by_occurred from V1.
CREATE INDEX audit_event_by_status ON governed.audit_event (status, occurred_at DESC, id DESC);
CREATE INDEX audit_event_by_event_type ON governed.audit_event (event_type, occurred_at DESC, id DESC);
CREATE INDEX audit_event_by_conversation ON governed.audit_event (conversation_id, occurred_at DESC, id DESC);
CREATE INDEX audit_event_by_action_type ON governed.audit_event (action_type, occurred_at DESC, id DESC);
CREATE INDEX audit_event_by_requester ON governed.audit_event (requester, occurred_at DESC, id DESC);
CREATE INDEX audit_event_by_customer ON governed.audit_event (customer_id, occurred_at DESC, id DESC);
