-- 0009: road maps (Постановление № 530: «план („дорожная карта“) по устранению
-- причин обращений … по социально значимым тематикам»). Each row is one measure
-- against the root cause of a systemic problem: what is done, who answers for
-- it, by when, with what money, and how far it has got. The problem is tied to
-- a ТОТК topic (a code or a prefix) or one of the 8 themes, and optionally to a
-- settlement, so the program can count the appeals on it before the measure
-- started and since. Changes are audited under entity 'road_map'.
CREATE TABLE road_map_items (
    id            INTEGER PRIMARY KEY,
    problem       TEXT NOT NULL,
    measure       TEXT NOT NULL,
    theme         TEXT,
    topic_code    TEXT,
    settlement_id INTEGER REFERENCES settlements (id),
    block_id      INTEGER REFERENCES sector_blocks (id),
    responsible   TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    due_date      TEXT NOT NULL,
    funding       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    done_date     TEXT,
    result        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE INDEX road_map_items_due ON road_map_items (status, due_date);
