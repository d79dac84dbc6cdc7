-- Slack interactions already handled, by their signature (which covers timestamp and body): a
-- replay of a captured request within the timestamp tolerance is found here and changes nothing.
-- Rows older than the tolerance are deleted; by then the timestamp check refuses the replay.
CREATE TABLE governed.slack_interaction (
    signature   text        PRIMARY KEY,
    request_ts  bigint      NOT NULL,  -- X-Slack-Request-Timestamp, epoch seconds
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX slack_interaction_by_ts ON governed.slack_interaction (request_ts);
