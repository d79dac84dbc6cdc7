-- Versioned policy (spec section 3, issue 3). Every PUT /policy adds a row; exactly one row is ACTIVE,
-- and every rule check reads which one through policy_version_one_active, so API and worker
-- processes agree on the active version as soon as the activating transaction commits.
CREATE TABLE governed.policy_version (
    version       bigint      PRIMARY KEY,
    document      text        NOT NULL,
    format        text        NOT NULL,
    author        text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    status        text        NOT NULL,
    -- the version that was active when this one was written: the base of its diff, and under dual
    -- control the version it may replace (approving it after another change would undo that change)
    base_version  bigint,
    -- dual control: the second policy admin who approved or rejected it
    decided_by    text,
    decided_at    timestamptz,
    reason        text,
    activated_at  timestamptz,
    CONSTRAINT policy_version_positive CHECK (version >= 1),
    CONSTRAINT policy_version_format_known CHECK (format IN ('yaml', 'json')),
    CONSTRAINT policy_version_status_known CHECK (status IN ('ACTIVE', 'SUPERSEDED', 'PENDING', 'REJECTED'))
);

-- At most one active version, enforced by the database rather than by care in the code.
CREATE UNIQUE INDEX policy_version_one_active ON governed.policy_version (status) INCLUDE (version, created_at)
    WHERE status = 'ACTIVE';
