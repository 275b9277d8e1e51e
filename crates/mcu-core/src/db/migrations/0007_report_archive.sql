-- 0007: the report archive. Every exported weekly note or indicators report is
-- kept with the content model it was printed from, as JSON, so reopening it
-- reproduces exactly what was printed even after the register changed.
CREATE TABLE report_archive (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('weekly', 'indicators')),
    period   TEXT NOT NULL,
    title    TEXT NOT NULL,
    format   TEXT NOT NULL,
    made_at  TEXT NOT NULL,
    operator TEXT NOT NULL,
    content  TEXT NOT NULL
) STRICT;

CREATE INDEX report_archive_made ON report_archive (made_at);

-- Answers of a period (weekly note, indicators) read through this index
-- instead of the whole table.
CREATE INDEX appeals_answer_date ON appeals (answer_date) WHERE answer_date IS NOT NULL;
