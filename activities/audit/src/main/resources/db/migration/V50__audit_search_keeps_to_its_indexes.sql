-- Three partial indexes on audit_event (occurred_at) over several event types, added for the Slack
-- notifier's and the alert detectors' scans, misled GET /audit: for event=CANCELLED the planner
-- walked audit_event_closing_notices newest first, discarding the SUCCEEDED, APPROVED, ... rows in
-- it, because it assumes the wanted type is spread evenly over time. When the newest rows hold few
-- of that type, the walk reads all of them (160-240 ms a page on the benchmark's 5.8 million events,
-- against 0.2 ms through audit_event_by_event_type; BENCHMARKS.md, "Audit search and export").
--
-- Those scans do not need them: audit_event_by_event_type (event_type, occurred_at DESC, id DESC)
-- from V13 takes "event_type IN (...) AND occurred_at > ..." as one index condition on both columns,
-- as fast on the same data. An event of one of those types also maintains one or two indexes fewer.
DROP INDEX governed.audit_event_approval_notices;
DROP INDEX governed.audit_event_closing_notices;
DROP INDEX governed.audit_event_decisions_by_time;
