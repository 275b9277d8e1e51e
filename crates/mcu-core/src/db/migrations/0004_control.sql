-- 0004: deadline control and desktop notifications.

-- Each (appeal, threshold, deadline) is notified once, across restarts. The
-- deadline is part of the key so that an extended deadline can be notified again.
CREATE TABLE notifications_sent (
    appeal_id INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    threshold TEXT NOT NULL,
    due_key   TEXT NOT NULL,
    sent_at   TEXT NOT NULL,
    PRIMARY KEY (appeal_id, threshold, due_key)
) STRICT, WITHOUT ROWID;

-- Incidents waiting for their first response.
CREATE INDEX appeals_first_response_pending ON appeals (first_response_due)
    WHERE first_response_at IS NULL AND first_response_due IS NOT NULL;

-- Extensions whose notice to the applicant is not recorded.
CREATE INDEX appeals_extension_notice_missing ON appeals (due_date)
    WHERE original_due_date IS NOT NULL AND extension_notice_at IS NULL;
