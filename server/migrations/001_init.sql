-- Foundations: branches, employees, sessions, login throttling, the audit chain, and the tables the sharing
-- requests / Diia webhook work fills (requests, deliveries, documents).

CREATE TABLE branches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The branch `_id` Diia gave us (opaque string); null until the branch is registered with Diia.
  diia_branch_id text UNIQUE,
  region text,
  district text,
  location text,
  street text,
  house text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE employees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  login text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('teller', 'manager', 'admin')),
  branch_id uuid NOT NULL REFERENCES branches (id),
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX employees_login_key ON employees (lower(login));

-- Only a hash of the session token is stored: a database dump does not hand out live sessions.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_employee_idx ON sessions (employee_id);

-- Login attempts per (IP, login), keyed by a hash so neither is stored in clear.
CREATE TABLE login_throttle (
  key_hash text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  attempts int NOT NULL
);

-- Append-only, hash-chained audit log. `hash = sha256(prev_hash || canonical JSON of the row)`; appends are
-- serialised by locking the single `audit_head` row, so two instances cannot fork the chain.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  action text NOT NULL,
  subject_type text,
  subject_id text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE TABLE audit_head (
  id int PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
-- Roles other than the owner never get to change history; the owner is held back by the triggers above.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

-- A sharing request an employee made (our id is the Diia requestId, echoed as X-Document-Request-Trace-Id).
CREATE TABLE requests (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('barcode', 'qr', 'deeplink')),
  status text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'received', 'declined', 'expired', 'failed', 'cancelled')),
  reason text,
  employee_id uuid NOT NULL REFERENCES employees (id),
  branch_id uuid NOT NULL REFERENCES branches (id),
  service text NOT NULL,
  diia_branch_id text,
  diia_offer_id text,
  document_types text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Bumped on every change; long-polls compare it to answer at once on a change.
  version int NOT NULL DEFAULT 1
);
CREATE INDEX requests_employee_idx ON requests (employee_id, created_at DESC);
CREATE INDEX requests_branch_idx ON requests (branch_id, created_at DESC);

-- One callback from Diia as received (accepted or not), for idempotency and support.
CREATE TABLE deliveries (
  id uuid PRIMARY KEY,
  request_id uuid REFERENCES requests (id),
  received_at timestamptz NOT NULL,
  -- sha256 of the received parts: the same delivery twice (retries, two instances) is stored once.
  content_hash text NOT NULL UNIQUE,
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
  error_code text
);
CREATE INDEX deliveries_request_idx ON deliveries (request_id);

-- A received document: every value sealed with AES-256-GCM (AAD = row id + kind), see src/lib/seal.ts.
CREATE TABLE documents (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests (id),
  delivery_id uuid NOT NULL REFERENCES deliveries (id),
  doc_type text NOT NULL,
  pdf_sealed bytea NOT NULL,
  envelope_sealed bytea NOT NULL,
  metadata_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX documents_request_idx ON documents (request_id);
CREATE INDEX documents_created_idx ON documents (created_at) WHERE deleted_at IS NULL;
