-- Sharing: the services a branch offers (each backed by a Diia offer), what the request flows need to reach
-- Diia again (status polls) and show the teller, delivery bookkeeping for support, and saved questionnaires.

CREATE TABLE services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  branch_id uuid NOT NULL REFERENCES branches (id),
  name text NOT NULL,
  document_types text[] NOT NULL,
  template text NOT NULL CHECK (template IN ('bank-account', 'hotel-check-in', 'cnap-service')),
  check_only boolean NOT NULL DEFAULT false,
  -- The Diia offer `_id` (deeplinks need one); null until registered with Diia.
  diia_offer_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (branch_id, template)
);

ALTER TABLE requests
  ADD COLUMN service_id uuid REFERENCES services (id),
  -- Barcode digits as scanned (a 3-minute one-time code, shown back to the teller to compare).
  ADD COLUMN code text,
  -- What the status route is asked with: the barcode, the QR otp, or the deeplink id.
  ADD COLUMN status_key text,
  ADD COLUMN deeplink text,
  -- Whether the status poller still asks Diia about this request (stops on "unsupported").
  ADD COLUMN polling boolean NOT NULL DEFAULT false;
CREATE INDEX requests_waiting_idx ON requests (expires_at) WHERE status = 'waiting';

-- outcome: accepted (documents stored), rejected (bad envelope; may be retried), orphan (no such request),
-- late (the request was already over). parts_sealed keeps what was received, sealed, for support; retention
-- clears it with the documents.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_outcome_check;
ALTER TABLE deliveries
  ADD CONSTRAINT deliveries_outcome_check CHECK (outcome IN ('accepted', 'rejected', 'orphan', 'late')),
  ADD COLUMN trace_id text,
  ADD COLUMN parts_sealed bytea;
CREATE INDEX deliveries_received_idx ON deliveries (received_at) WHERE parts_sealed IS NOT NULL;

CREATE TABLE questionnaires (
  request_id uuid PRIMARY KEY REFERENCES requests (id),
  template text NOT NULL,
  fields_sealed bytea NOT NULL,
  saved_by uuid NOT NULL REFERENCES employees (id),
  saved_at timestamptz NOT NULL
);
