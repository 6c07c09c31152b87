-- «Показати QR для решти» (issue 13): a deeplink for only the document types a visit still lacks needs a Diia
-- offer with exactly those types (a deeplink names one offer, and Diia cannot change an offer's scopes). Made on
-- first use and reused; tied to the service's own offer, so a service whose offer is replaced (or whose branch is
-- registered again) gets new ones, and the old ones are deleted from Diia with it.
CREATE TABLE service_rest_offers (
  service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  parent_offer_id text NOT NULL,
  document_types text[] NOT NULL,
  diia_offer_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_id, parent_offer_id, document_types)
);
