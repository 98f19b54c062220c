-- MedRec provider store, version 3 (SQL Server): the provider's break-the-glass justifications
-- (docs/adr/0011-break-the-glass.md, amendment): the text and the salt whose keccak256(salt || text) is the commitment
-- on chain, kept with the provider's records and audit. transaction_hash is NULL until the opening is sent, then the
-- transaction's hash or 'refused: <error>'. Commitment and salt are 0x + 64 hex digits, the patient an address.

CREATE TABLE {schema}.emergency_justifications (
    seq bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_emergency_justifications PRIMARY KEY,
    commitment nvarchar(66) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT UQ_emergency_justifications_commitment UNIQUE,
    patient nvarchar(42) COLLATE Latin1_General_100_BIN2 NOT NULL,
    salt nvarchar(66) COLLATE Latin1_General_100_BIN2 NOT NULL,
    justification nvarchar(max) NOT NULL,
    duration_seconds bigint NOT NULL,
    recorded_at datetimeoffset(7) NOT NULL,
    transaction_hash nvarchar(max) NULL
);

CREATE INDEX IX_emergency_justifications_recorded ON {schema}.emergency_justifications (recorded_at DESC, seq DESC);
