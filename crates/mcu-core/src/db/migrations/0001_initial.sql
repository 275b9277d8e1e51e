-- 0001: reference data, appeals, questions, audit.
-- Dates are ISO text: 'YYYY-MM-DD' for dates, 'YYYY-MM-DDTHH:MM:SS' for local moments,
-- so that text order is time order.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE channels (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    default_kind TEXT NOT NULL CHECK (default_kind IN ('59fz', 'pos', 'im')),
    sort         INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE sector_blocks (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL UNIQUE,
    sort   INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE persons (
    id        INTEGER PRIMARY KEY,
    full_name TEXT NOT NULL UNIQUE,
    position  TEXT NOT NULL DEFAULT '',
    role      TEXT NOT NULL DEFAULT '',
    sort      INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE block_persons (
    block_id  INTEGER NOT NULL REFERENCES sector_blocks (id),
    person_id INTEGER NOT NULL REFERENCES persons (id),
    PRIMARY KEY (block_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE settlements (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL DEFAULT '',
    population      INTEGER,
    population_year INTEGER,
    lat             REAL,
    lon             REAL,
    note            TEXT NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE topics (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    theme    TEXT CHECK (theme IN ('education', 'health', 'social', 'transport', 'roads', 'energy', 'housing', 'waste')),
    block_id INTEGER REFERENCES sector_blocks (id)
) STRICT;

CREATE INDEX topics_theme ON topics (theme, code);

-- Rules are never edited in place: a change retires the row and adds a new one,
-- so every appeal keeps the rule that gave its deadline.
CREATE TABLE deadline_rules (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('59fz', 'pos', 'im')),
    topic_prefix       TEXT,
    name               TEXT NOT NULL,
    days               INTEGER NOT NULL CHECK (days > 0),
    day_kind           TEXT NOT NULL CHECK (day_kind IN ('calendar', 'working')),
    response_hours     INTEGER CHECK (response_hours > 0),
    extendable         INTEGER NOT NULL DEFAULT 0,
    max_extension_days INTEGER NOT NULL DEFAULT 0,
    active             INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    retired_at         TEXT
) STRICT;

CREATE TABLE calendar_overrides (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('working', 'short', 'day_off')),
    note TEXT NOT NULL DEFAULT ''
) STRICT;

-- Registration number counters, one per period key (see numbering.rs).
CREATE TABLE counters (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

CREATE TABLE appeals (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    received_at         TEXT NOT NULL,
    registered_at       TEXT NOT NULL,
    channel             TEXT NOT NULL REFERENCES channels (code) ON UPDATE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('59fz', 'pos', 'im')),
    appeal_type         TEXT NOT NULL,
    anonymous           INTEGER NOT NULL DEFAULT 0,
    applicant_name      TEXT NOT NULL DEFAULT '',
    applicant_address   TEXT NOT NULL DEFAULT '',
    applicant_phone     TEXT NOT NULL DEFAULT '',
    applicant_email     TEXT NOT NULL DEFAULT '',
    signatories         INTEGER,
    repeated_of         INTEGER REFERENCES appeals (id),
    settlement_id       INTEGER REFERENCES settlements (id),
    address             TEXT NOT NULL DEFAULT '',
    text                TEXT NOT NULL,
    external_id         TEXT,
    external_url        TEXT NOT NULL DEFAULT '',
    block_id            INTEGER REFERENCES sector_blocks (id),
    person_id           INTEGER REFERENCES persons (id),
    notes               TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    due_date            TEXT NOT NULL,
    due_rule_id         INTEGER NOT NULL REFERENCES deadline_rules (id),
    first_response_due  TEXT,
    first_response_at   TEXT,
    original_due_date   TEXT,
    extension_days      INTEGER,
    extension_reason    TEXT NOT NULL DEFAULT '',
    extension_notice_at TEXT,
    redirect_to         TEXT NOT NULL DEFAULT '',
    no_answer_ground    TEXT,
    answer_date         TEXT,
    answer_number       TEXT NOT NULL DEFAULT '',
    answer_method       TEXT,
    answer_summary      TEXT NOT NULL DEFAULT '',
    answer_result       TEXT,
    satisfaction        TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE UNIQUE INDEX appeals_external ON appeals (kind, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX appeals_registered ON appeals (registered_at);
CREATE INDEX appeals_status_due ON appeals (status, due_date);
CREATE INDEX appeals_due ON appeals (due_date);
CREATE INDEX appeals_block ON appeals (block_id, registered_at);
CREATE INDEX appeals_person ON appeals (person_id, registered_at);
CREATE INDEX appeals_settlement ON appeals (settlement_id, registered_at);
CREATE INDEX appeals_channel ON appeals (channel, registered_at);

CREATE TABLE appeal_questions (
    appeal_id  INTEGER NOT NULL REFERENCES appeals (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    topic_code TEXT NOT NULL REFERENCES topics (code) ON UPDATE CASCADE,
    PRIMARY KEY (appeal_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX appeal_questions_topic ON appeal_questions (topic_code, appeal_id);

-- Every change: who, when, what, old → new. `entity` is 'appeal' or a reference table.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL DEFAULT 'appeal',
    entity_id INTEGER NOT NULL,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    action    TEXT NOT NULL,
    field     TEXT NOT NULL DEFAULT '',
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_entity ON audit (entity, entity_id, id);
