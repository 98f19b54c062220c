-- MedRec provider store, version 1 (SQLite). One database per provider, so table names carry no schema.
-- Instants are TEXT in the fixed-width UTC form yyyy-MM-ddTHH:mm:ss.ffffffZ, which orders like the instants.
-- Text compares with the BINARY collation (by code point), as PostgreSQL's "C" and SQL Server's BIN2.

CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_type TEXT NOT NULL,
    id TEXT NOT NULL,
    local_patient_id TEXT NOT NULL,
    category TEXT,
    code_system TEXT,
    code TEXT,
    effective TEXT,
    json TEXT NOT NULL,
    UNIQUE (resource_type, id)
);

CREATE INDEX IF NOT EXISTS records_search ON records (local_patient_id, resource_type, effective, id);

CREATE TABLE IF NOT EXISTS patient_links (
    patient_address TEXT NOT NULL PRIMARY KEY,
    local_patient_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS pointers (
    pointer_id TEXT NOT NULL PRIMARY KEY,
    patient_address TEXT NOT NULL,
    query TEXT NOT NULL,
    salt TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS pointers_patient ON pointers (patient_address, created_at, pointer_id);

CREATE TABLE IF NOT EXISTS audit_entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    occurred_at TEXT NOT NULL,
    provider TEXT NOT NULL,
    patient TEXT NOT NULL,
    asker TEXT NOT NULL,
    pointer_id TEXT NOT NULL,
    action TEXT NOT NULL,
    granted INTEGER NOT NULL,
    reason TEXT NOT NULL,
    request_hash TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_entries_patient ON audit_entries (patient, occurred_at DESC, seq DESC);
