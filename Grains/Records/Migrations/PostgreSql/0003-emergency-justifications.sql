-- MedRec provider store, version 3 (PostgreSQL): the provider's break-the-glass justifications
-- (docs/adr/0011-break-the-glass.md, amendment): the text and the salt whose keccak256(salt || text) is the commitment
-- on chain, kept with the provider's records and audit. transaction_hash is NULL until the opening is sent, then the
-- transaction's hash or 'refused: <error>'.

CREATE TABLE IF NOT EXISTS {schema}.emergency_justifications (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment text COLLATE "C" NOT NULL UNIQUE,
    patient text COLLATE "C" NOT NULL,
    salt text NOT NULL,
    justification text NOT NULL,
    duration_seconds bigint NOT NULL,
    recorded_at timestamptz NOT NULL,
    transaction_hash text
);

CREATE INDEX IF NOT EXISTS emergency_justifications_recorded ON {schema}.emergency_justifications (recorded_at DESC, seq DESC);
