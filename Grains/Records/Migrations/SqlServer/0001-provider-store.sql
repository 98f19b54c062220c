-- MedRec provider store, version 1 (SQL Server). Tables live in the provider's own schema, filled in (bracket-quoted) by the store.
-- Text columns use the Latin1_General_100_BIN2 collation: case-sensitive, ordered by code point, as PostgreSQL's
-- "C" and SQLite's BINARY (a default, case-insensitive collation would match 'ABC' for 'abc' in this store only).
-- Lengths follow SearchColumns (codes 256, systems 512), FHIR ids (64) and the audit limits of RelationalProviderStore
-- (id 128, patient 256); json is the stored text the data hash covers.

CREATE TABLE {schema}.records (
    seq bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_records PRIMARY KEY,
    resource_type nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    id nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    local_patient_id nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    category nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL,
    code_system nvarchar(512) COLLATE Latin1_General_100_BIN2 NULL,
    code nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL,
    effective datetimeoffset(7) NULL,
    json nvarchar(max) NOT NULL,
    CONSTRAINT UQ_records_resource UNIQUE (resource_type, id)
);

CREATE INDEX IX_records_search ON {schema}.records (local_patient_id, resource_type, effective, id);

CREATE TABLE {schema}.patient_links (
    patient_address nvarchar(42) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT PK_patient_links PRIMARY KEY,
    local_patient_id nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT UQ_patient_links_local UNIQUE,
    created_at datetimeoffset(7) NOT NULL
);

CREATE TABLE {schema}.pointers (
    pointer_id nvarchar(66) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT PK_pointers PRIMARY KEY,
    patient_address nvarchar(42) COLLATE Latin1_General_100_BIN2 NOT NULL,
    query nvarchar(1024) COLLATE Latin1_General_100_BIN2 NOT NULL,
    salt nvarchar(66) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at datetimeoffset(7) NOT NULL
);

CREATE INDEX IX_pointers_patient ON {schema}.pointers (patient_address, created_at, pointer_id);

CREATE TABLE {schema}.audit_entries (
    seq bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_audit_entries PRIMARY KEY,
    id nvarchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT UQ_audit_entries_id UNIQUE,
    occurred_at datetimeoffset(7) NOT NULL,
    provider nvarchar(max) NOT NULL,
    patient nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    asker nvarchar(max) NOT NULL,
    pointer_id nvarchar(max) NOT NULL,
    action nvarchar(32) NOT NULL,
    granted bit NOT NULL,
    reason nvarchar(max) NOT NULL,
    request_hash nvarchar(max) NOT NULL
);

CREATE INDEX IX_audit_entries_patient ON {schema}.audit_entries (patient, occurred_at DESC, seq DESC);
