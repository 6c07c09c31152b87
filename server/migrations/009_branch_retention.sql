-- Retention per branch (issue 12): a manager sets their own branch's period, an admin the default (settings
-- `retention_days`, else STIIKA_RETENTION_DAYS) and any branch's. NULL follows the default, so changing the
-- default moves every branch that has not chosen its own.
ALTER TABLE branches ADD COLUMN retention_days int CHECK (retention_days BETWEEN 1 AND 3650);
