-- Lock and unlock at the counter (issue 13): an employee's own unlock PIN (argon2id hash, never the PIN), a
-- session that is locked rather than ended while its PIN can reopen it (with its own count of wrong PINs, apart
-- from the sign-in limits), and each branch's idle time before the screen locks.
ALTER TABLE employees ADD COLUMN pin_hash text;
ALTER TABLE sessions ADD COLUMN locked_at timestamptz;
ALTER TABLE sessions ADD COLUMN pin_failures int NOT NULL DEFAULT 0;
ALTER TABLE branches ADD COLUMN idle_lock_seconds int NOT NULL DEFAULT 120
  CHECK (idle_lock_seconds BETWEEN 30 AND 3600);
