-- Issue 12: the audit chain is keyed. New rows carry HMAC-SHA256 under a key derived from the data key, which the
-- database never holds, so whoever can write the database (the schema's owner can switch the append-only
-- triggers off) can no longer rewrite rows and recompute the chain. `mac_version` says how a row's hash was made:
-- 0 = the unkeyed SHA-256 of rows written before this migration (kept as they are: rewriting them would need the
-- very trigger bypass the log exists to forbid, and their unkeyed hashes prove nothing either way), 1 = keyed.
-- The migration cannot key anything itself (it has no key): the server's first start appends an
-- `audit.chain_keyed` anchor row whose MAC covers the old head, and from then on the old rows are bound too.
-- `audit_head.mac` is the keyed head (seq + last hash), so cutting rows off the end is detected as well.
ALTER TABLE audit_log ADD COLUMN mac_version smallint NOT NULL DEFAULT 0;
ALTER TABLE audit_log ALTER COLUMN mac_version DROP DEFAULT;
ALTER TABLE audit_head ADD COLUMN mac text;
