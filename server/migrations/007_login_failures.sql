-- Sign-in protection without lockouts (issue 12): wrong passwords slow down further tries, per source and
-- login, per source and per login, instead of locking an account that anyone could lock by guessing. Successful
-- sign-ins count nowhere. Keys are sha256 of "scope\n…" and hold no login in clear.
DROP TABLE login_throttle;
CREATE TABLE login_failures (
  key_hash text PRIMARY KEY,
  failures int NOT NULL,
  last_failure_at timestamptz NOT NULL
);
ALTER TABLE employees DROP COLUMN failed_logins, DROP COLUMN locked_until;

-- What anyone can cause without an account (a wrong login that names nobody) is counted per UTC day, not written
-- as one audit row each: the audit log must not grow at a stranger's will.
CREATE TABLE anonymous_counts (
  day date NOT NULL,
  action text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (day, action)
);
