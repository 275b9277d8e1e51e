-- 0008 (registered as the 7th migration until the reports migration 0007 is
-- merged; the lead renumbers): file imports.
--
-- import_batches: one row per committed import, so the journal can select the
-- appeals a batch created or updated.
-- import_rows: what the source said about each imported appeal, beside the
-- appeal itself (the register keeps its own fields clean): the source's
-- identity (external id or content fingerprint), a hash of the source row and
-- mapping (an unchanged row is recognised as present without a diff), the
-- original text before HTML cleaning, coordinates, and the source's due and
-- close moments, which are exact to the second while the register keeps dates.
-- import_mappings: mappings saved under a name (shipped presets live in the
-- program, not here).

CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    operator   TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    mapping    TEXT NOT NULL,
    imported   INTEGER NOT NULL DEFAULT 0,
    updated    INTEGER NOT NULL DEFAULT 0,
    present    INTEGER NOT NULL DEFAULT 0,
    rejected   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE import_rows (
    appeal_id        INTEGER PRIMARY KEY REFERENCES appeals (id) ON DELETE CASCADE,
    batch_id         INTEGER NOT NULL REFERENCES import_batches (id),
    updated_batch_id INTEGER REFERENCES import_batches (id),
    fingerprint      TEXT,
    row_hash         TEXT NOT NULL,
    text_original    TEXT,
    lat              REAL,
    lon              REAL,
    source_status    TEXT NOT NULL DEFAULT '',
    due_at           TEXT,
    closed_at        TEXT
) STRICT;

CREATE UNIQUE INDEX import_rows_fingerprint ON import_rows (fingerprint) WHERE fingerprint IS NOT NULL;
CREATE INDEX import_rows_batch ON import_rows (batch_id);
CREATE INDEX import_rows_updated_batch ON import_rows (updated_batch_id) WHERE updated_batch_id IS NOT NULL;

CREATE TABLE import_mappings (
    name     TEXT PRIMARY KEY,
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    operator TEXT NOT NULL
) STRICT;
