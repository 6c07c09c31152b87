-- Issue 11: deliveries bound to their request, genuine late deliveries kept for the branch's managers, and what
-- does not verify counted and sampled within a cap instead of being kept whole.

ALTER TABLE requests
  -- When the request reached a final state; a cancelled or declined request's life ends here.
  ADD COLUMN closed_at timestamptz,
  -- QR requests: the Diia document id the QR named (the delivered item's `id` must be it).
  ADD COLUMN qr_document_id text;
UPDATE requests SET closed_at = updated_at WHERE status NOT IN ('waiting', 'failed');

CREATE TABLE callback_samples (
  id uuid PRIMARY KEY,
  received_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('orphan', 'rejected')),
  code text NOT NULL,
  trace_id text,
  -- sha256 of the received parts and their size: enough to match a support case without keeping the bytes.
  digest text NOT NULL,
  size bigint NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  -- Rejected parts only, sealed, while the sum of kept_bytes stays within STIIKA_CALLBACK_KEEP_MB.
  parts_sealed bytea,
  kept_bytes bigint NOT NULL DEFAULT 0
);
CREATE INDEX callback_samples_received_idx ON callback_samples (received_at);

-- Delivery rows from before this migration that never verified move to the samples (same ids: their seal's AAD
-- names the row id, so they still open).
INSERT INTO callback_samples (id, received_at, outcome, code, trace_id, digest, size, parts_sealed, kept_bytes)
  SELECT id, received_at, CASE WHEN outcome = 'orphan' THEN 'orphan' ELSE 'rejected' END,
    coalesce(error_code, upper(outcome)), trace_id, content_hash, coalesce(length(parts_sealed), 0), parts_sealed,
    coalesce(length(parts_sealed), 0)
  FROM deliveries d
  WHERE outcome IN ('orphan', 'rejected', 'late') AND NOT EXISTS (SELECT 1 FROM documents x WHERE x.delivery_id = d.id);
DELETE FROM deliveries d
  WHERE outcome IN ('orphan', 'rejected', 'late') AND NOT EXISTS (SELECT 1 FROM documents x WHERE x.delivery_id = d.id);

-- deliveries now holds genuine deliveries only: accepted onto their request, or late (the request had closed;
-- the client consented within its life) and waiting for a manager, or dropped (the copy was deleted).
ALTER TABLE deliveries DROP CONSTRAINT deliveries_outcome_check;
ALTER TABLE deliveries
  ADD CONSTRAINT deliveries_outcome_check CHECK (outcome IN ('accepted', 'late', 'dropped')),
  -- The metadata envelope's signingTime: when the client consented.
  ADD COLUMN consented_at timestamptz,
  -- Late: the request's state when it came (expired, cancelled, declined, received, failed).
  ADD COLUMN late_reason text,
  ADD COLUMN document_types text[] NOT NULL DEFAULT '{}',
  ADD COLUMN review text CHECK (review IN ('pending', 'attached', 'deleted')),
  ADD COLUMN reviewed_by uuid REFERENCES employees (id),
  ADD COLUMN reviewed_at timestamptz;
CREATE INDEX deliveries_late_idx ON deliveries (received_at) WHERE review = 'pending';

-- Every genuine envelope stored, by a digest of what Diia signed (signer, signingTime, content): the same
-- signature presented for another request — replayed, or re-encrypted to us — is refused.
CREATE TABLE envelope_digests (
  digest text PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests (id),
  delivery_id uuid NOT NULL REFERENCES deliveries (id),
  created_at timestamptz NOT NULL
);

-- Webhook posts that were refused, per UTC day and code (what did not verify, had no request, broke limits).
CREATE TABLE callback_counts (
  day date NOT NULL,
  outcome text NOT NULL,
  code text NOT NULL,
  n bigint NOT NULL,
  bytes bigint NOT NULL,
  PRIMARY KEY (day, outcome, code)
);
