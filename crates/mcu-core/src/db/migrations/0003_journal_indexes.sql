-- 0003: the journal filtered by status is ordered by registration time without a sort.
CREATE INDEX appeals_status_registered ON appeals (status, registered_at);
