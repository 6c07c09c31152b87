-- What the citizen reads about a branch on Diia's consent screen (issue 16): the branch's contact e-mail and its
-- address as one text, line breaks allowed. Null until an admin sets them; until then the configured contact
-- e-mail (DIIA_CONTACT_EMAIL) and the address composed from the structured fields are sent to Diia. The partner's
-- legal name is one setting for all branches (settings key `partner_legal_name`).
ALTER TABLE branches
  ADD COLUMN email text,
  ADD COLUMN display_address text;
