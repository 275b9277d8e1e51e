-- 0006: a generation number of the analytic facts (appeal × question with its
-- date, block, settlement, channel, kind, and the names and mappings of topics,
-- blocks and settlements). The in-memory copy of the facts is rebuilt only
-- when it changes; status changes and answers do not touch it.
INSERT OR IGNORE INTO counters (key, value) VALUES ('facts', 1);

CREATE TRIGGER facts_question_insert AFTER INSERT ON appeal_questions BEGIN
    UPDATE counters SET value = value + 1 WHERE key = 'facts';
END;

CREATE TRIGGER facts_question_delete AFTER DELETE ON appeal_questions BEGIN
    UPDATE counters SET value = value + 1 WHERE key = 'facts';
END;

CREATE TRIGGER facts_appeal_update AFTER UPDATE OF registered_at, block_id, settlement_id, channel, kind ON appeals
WHEN old.registered_at IS NOT new.registered_at OR old.block_id IS NOT new.block_id
  OR old.settlement_id IS NOT new.settlement_id OR old.channel IS NOT new.channel OR old.kind IS NOT new.kind
BEGIN
    UPDATE counters SET value = value + 1 WHERE key = 'facts';
END;

CREATE TRIGGER facts_topics AFTER UPDATE ON topics BEGIN
    UPDATE counters SET value = value + 1 WHERE key = 'facts';
END;

CREATE TRIGGER facts_settlements AFTER UPDATE ON settlements BEGIN
    UPDATE counters SET value = value + 1 WHERE key = 'facts';
END;

CREATE TRIGGER facts_settlements_insert AFTER INSERT ON settlements BEGIN
    UPDATE counters SET value = value + 1 WHERE key = 'facts';
END;

CREATE TRIGGER facts_blocks AFTER UPDATE ON sector_blocks BEGIN
    UPDATE counters SET value = value + 1 WHERE key = 'facts';
END;
