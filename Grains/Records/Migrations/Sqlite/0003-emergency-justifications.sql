-- MedRec provider store, version 3 (SQLite): the provider's break-the-glass justifications
-- (docs/adr/0011-break-the-glass.md, amendment): the text and the salt whose keccak256(salt || text) is the commitment
-- on chain, kept with the provider's records and audit. transaction_hash is NULL until the opening is sent, then the
-- transaction's hash or 'refused: <error>'.

CREATE TABLE IF NOT EXISTS emergency_justifications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    commitment TEXT NOT NULL UNIQUE,
    patient TEXT NOT NULL,
    salt TEXT NOT NULL,
    justification TEXT NOT NULL,
    duration_seconds INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    transaction_hash TEXT
);

CREATE INDEX IF NOT EXISTS emergency_justifications_recorded ON emergency_justifications (recorded_at DESC, seq DESC);
