-- 0002: full-text search over number, text, applicant and address.
-- The trigram tokenizer finds any substring of 3+ characters, case-insensitively
-- for Cyrillic too. ё is folded into е on both sides (here and in the query),
-- because SQLite's diacritics folding covers Latin letters only; that is why the
-- index is contentless (it stores normalised copies, not the originals) with
-- contentless_delete so that edits can replace rows.
CREATE VIRTUAL TABLE appeals_fts USING fts5 (
    number,
    text,
    applicant_name,
    applicant_address,
    address,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram remove_diacritics 1'
);

CREATE TRIGGER appeals_fts_insert AFTER INSERT ON appeals BEGIN
    INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
    VALUES (new.id, new.number,
            replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_name, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_address, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.address, 'ё', 'е'), 'Ё', 'Е'));
END;

CREATE TRIGGER appeals_fts_delete AFTER DELETE ON appeals BEGIN
    DELETE FROM appeals_fts WHERE rowid = old.id;
END;

-- Only when indexed columns change: status changes must not rewrite the index.
CREATE TRIGGER appeals_fts_update AFTER UPDATE OF number, text, applicant_name, applicant_address, address ON appeals BEGIN
    DELETE FROM appeals_fts WHERE rowid = old.id;
    INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
    VALUES (new.id, new.number,
            replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_name, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.applicant_address, 'ё', 'е'), 'Ё', 'Е'),
            replace(replace(new.address, 'ё', 'е'), 'Ё', 'Е'));
END;

INSERT INTO appeals_fts (rowid, number, text, applicant_name, applicant_address, address)
SELECT id, number,
       replace(replace(text, 'ё', 'е'), 'Ё', 'Е'),
       replace(replace(applicant_name, 'ё', 'е'), 'Ё', 'Е'),
       replace(replace(applicant_address, 'ё', 'е'), 'Ё', 'Е'),
       replace(replace(address, 'ё', 'е'), 'Ё', 'Е')
FROM appeals;
