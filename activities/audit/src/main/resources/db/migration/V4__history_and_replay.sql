-- History aggregates and policy back-testing (issue 3).

-- The order an action is about (params.orderId), so "refunds already made against this order"
-- is one index lookup; and the request as the audit writer stored it (redacted), so
-- POST /policy/simulate can replay it through a draft policy.
ALTER TABLE governed.action ADD COLUMN order_id text;
ALTER TABLE governed.action ADD COLUMN request jsonb;

-- Actions recorded before this migration: their order id is in the params of their first event.
-- Their request cannot be rebuilt whole (roles, customer segment are not in the audit trail), so
-- the simulator skips them and says how many it skipped.
UPDATE governed.action AS a
   SET order_id = e.params ->> 'orderId'
  FROM governed.audit_event AS e
 WHERE e.action_id = a.action_id AND e.seq = 1 AND jsonb_typeof(e.params -> 'orderId') = 'string';

-- history.customer.*: all three windows and every type in one range scan per customer.
CREATE INDEX action_by_customer_created ON governed.action (customer_id, created_at)
    INCLUDE (type, status, amount, action_id);
-- history.actor.*: the requester's last 24 hours.
CREATE INDEX action_by_actor_created ON governed.action (actor_id, created_at)
    INCLUDE (actor_type, type, amount, action_id);
-- history.order.refunds: refunds against one order, however long ago.
CREATE INDEX action_by_order ON governed.action (order_id, type)
    INCLUDE (status, amount, action_id) WHERE order_id IS NOT NULL;
