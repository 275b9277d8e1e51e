-- 0011: the partial indexes over open appeals (0005) name the open statuses as
-- comparisons joined by OR instead of an IN list. SQLite evaluates an IN list
-- of three or more constants by building a temporary b-tree, once per run of
-- a statement, and it evaluates each partial index's condition for every row
-- an INSERT or UPDATE writes: four such trees per registered appeal, about
-- 0.3 s of an import of 100,000 appeals into a million (BENCHMARKS.md).
-- A query uses these indexes only when it repeats the condition term for term:
-- db::journal::open_condition writes it, from the same list of statuses.
DROP INDEX appeals_open_first_response;
DROP INDEX appeals_open_extension_notice;
DROP INDEX appeals_open_block;
DROP INDEX appeals_open_person;

CREATE INDEX appeals_open_first_response ON appeals (first_response_due)
    WHERE first_response_at IS NULL AND first_response_due IS NOT NULL
      AND (status = 'new' OR status = 'assigned' OR status = 'in_progress' OR status = 'extended' OR status = 'reopened');

CREATE INDEX appeals_open_extension_notice ON appeals (due_date)
    WHERE original_due_date IS NOT NULL AND extension_notice_at IS NULL
      AND (status = 'new' OR status = 'assigned' OR status = 'in_progress' OR status = 'extended' OR status = 'reopened');

CREATE INDEX appeals_open_block ON appeals (block_id, due_date)
    WHERE (status = 'new' OR status = 'assigned' OR status = 'in_progress' OR status = 'extended' OR status = 'reopened');

CREATE INDEX appeals_open_person ON appeals (person_id, due_date)
    WHERE (status = 'new' OR status = 'assigned' OR status = 'in_progress' OR status = 'extended' OR status = 'reopened');
