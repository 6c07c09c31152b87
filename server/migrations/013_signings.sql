-- Дія.Підпис (issue 14): the client signs the application rendered from the completed questionnaire.
--
-- Each branch gets one Diia offer scoped `diiaId: ["hashedFilesSigning"]` beside its sharing offers (made at sync
-- or on first use; null until then, and again when Diia forgot the branch).
ALTER TABLE branches ADD COLUMN diia_signing_offer_id text;

-- One row per «Підписати в Дії»: the application PDF exactly as hashed (sealed), what Diia was sent (file name,
-- hash, algorithm, our requestId for Diia), and what came back (the detached signature and the signer, sealed).
CREATE TABLE signings (
  id uuid PRIMARY KEY,
  -- Creation order, also within one millisecond: "the latest signing" of a request is the highest.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  request_id uuid NOT NULL REFERENCES requests (id),
  branch_id uuid NOT NULL REFERENCES branches (id),
  employee_id uuid NOT NULL REFERENCES employees (id),
  -- The requestId Diia got (a fresh uuid per signing) and echoes as X-Document-Request-Trace-Id.
  diia_request_id uuid NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('waiting', 'signed', 'signed_by_other', 'declined', 'expired', 'failed',
    'cancelled')),
  reason text,
  sign_algo text NOT NULL CHECK (sign_algo IN ('DSTU', 'ECDSA')),
  file_name text NOT NULL,
  -- base64 of the digest we sent (GOST 34.311 or SHA-256 of the PDF): checked again against the stored PDF.
  file_hash text NOT NULL,
  pdf_sealed bytea NOT NULL,
  deeplink text,
  -- What the status route is asked with (the deeplink's id), and whether the poller still asks.
  status_key text,
  polling boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  closed_at timestamptz,
  version int NOT NULL DEFAULT 1,
  -- Signatures that came and did not verify (the state did not change).
  refused_callbacks int NOT NULL DEFAULT 0,
  -- The DER CMS signature, and {fullName, rnokppMatches, signingTime, certificateSerial, issuer, ...} (sealed:
  -- the signer's name is personal data).
  signature_sealed bytea,
  signer_sealed bytea,
  -- GOST 34.311 of the signature's signed attributes: one signature is accepted once, for one signing.
  signature_digest text UNIQUE,
  signed_at timestamptz
);
CREATE INDEX signings_request_idx ON signings (request_id, seq);
CREATE INDEX signings_waiting_idx ON signings (expires_at) WHERE status = 'waiting';
