-- 0010: appeals registered by a bulk write (an import) wait for the search
-- index here instead of being indexed inside the import's transaction. A
-- background thread indexes each range after the commit (db::indexer), and
-- until it has, the journal's search reads these appeals themselves
-- (db::journal), so a search finds them as soon as the import returns.
-- An appeal in a range is indexed by that thread only: the triggers skip it
-- (its edits before then are picked up when the thread reads the row).
CREATE TABLE search_backlog (
    from_id INTEGER PRIMARY KEY,
    to_id   INTEGER NOT NULL
) STRICT;

DROP TRIGGER appeals_fts_insert;
DROP TRIGGER appeals_fts_delete;
DROP TRIGGER appeals_fts_update;

CREATE TRIGGER appeals_fts_insert AFTER INSERT ON appeals
WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE from_id <= new.id AND to_id >= new.id)
BEGIN
    INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
    VALUES (new.id, new.number,
            replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_name, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_address, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.address, 'ё', 'е'), 'Ё', 'Е'));
END;

CREATE TRIGGER appeals_fts_delete AFTER DELETE ON appeals
WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE from_id <= old.id AND to_id >= old.id)
BEGIN
    DELETE FROM appeals_fts WHERE rowid = old.id;
END;

-- Only when indexed columns change: status changes must not rewrite the index.
CREATE TRIGGER appeals_fts_update AFTER UPDATE OF number, text, applicant_name, applicant_address, address ON appeals
WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE from_id <= old.id AND to_id >= old.id)
BEGIN
    DELETE FROM appeals_fts WHERE rowid = old.id;
    INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
    VALUES (new.id, new.number,
            replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_name, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_address, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.address, 'ё', 'е'), 'Ё', 'Е'));
END;
