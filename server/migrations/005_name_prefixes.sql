-- Name search by prefix (issue 13): the index now holds every prefix of a name token from three letters on.
-- Documents indexed before are hashed again at the next start (`backfillSearchIndex`; existing rows are kept).
UPDATE documents SET search_indexed = false;
