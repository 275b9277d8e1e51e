-- 0005: partial indexes over open appeals only, so that the control screen and
-- the notifier read a few thousand index entries instead of the table. Their
-- status list must match `journal::open_list()` term for term: SQLite uses a
-- partial index only when the query repeats its WHERE terms.
DROP INDEX appeals_first_response_pending;
DROP INDEX appeals_extension_notice_missing;

CREATE INDEX appeals_open_first_response ON appeals (first_response_due)
    WHERE first_response_at IS NULL AND first_response_due IS NOT NULL
      AND status IN ('new','assigned','in_progress','extended','reopened');

CREATE INDEX appeals_open_extension_notice ON appeals (due_date)
    WHERE original_due_date IS NOT NULL AND extension_notice_at IS NULL
      AND status IN ('new','assigned','in_progress','extended','reopened');

CREATE INDEX appeals_open_block ON appeals (block_id, due_date)
    WHERE status IN ('new','assigned','in_progress','extended','reopened');

CREATE INDEX appeals_open_person ON appeals (person_id, due_date)
    WHERE status IN ('new','assigned','in_progress','extended','reopened');
