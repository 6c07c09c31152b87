-- Managers and admins: a blind index to search sealed documents, deletion with a reason, and settings an admin
-- or manager edits at run time (the retention period the purge job reads).

-- HMAC-SHA256 (key derived from the data key) of a document's normalised РНОКПП and of each normalised name
-- token. Only equality can be tested: the table says nothing about a person without the key.
CREATE TABLE document_search (
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  request_id uuid NOT NULL REFERENCES requests (id),
  kind text NOT NULL CHECK (kind IN ('rnokpp', 'name')),
  token_hmac text NOT NULL,
  PRIMARY KEY (document_id, kind, token_hmac)
);
CREATE INDEX document_search_token_idx ON document_search (kind, token_hmac);
CREATE INDEX document_search_request_idx ON document_search (request_id);

-- Rows stored before the index existed are hashed at start (the key is not known to SQL).
ALTER TABLE documents ADD COLUMN search_indexed boolean NOT NULL DEFAULT false;

-- A copy a manager deleted: the documents go, the request row stays (statistics, the audit trail) marked.
ALTER TABLE requests
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN deleted_reason text;

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by uuid REFERENCES employees (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
