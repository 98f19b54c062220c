-- MedRec provider store, version 1 (PostgreSQL). Tables live in the provider's own schema, filled in (quoted) by the store.
-- Search columns are COLLATE "C" so equality and ordering are by code point, as in SQLite and SQL Server (BIN2).
-- json is text, not jsonb: the stored bytes are what the data hash covers, and jsonb would rewrite them.

CREATE TABLE IF NOT EXISTS {schema}.records (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_type text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    local_patient_id text COLLATE "C" NOT NULL,
    category text COLLATE "C",
    code_system text COLLATE "C",
    code text COLLATE "C",
    effective timestamptz,
    json text NOT NULL,
    CONSTRAINT records_resource_key UNIQUE (resource_type, id)
);

CREATE INDEX IF NOT EXISTS records_search ON {schema}.records (local_patient_id, resource_type, effective, id);

CREATE TABLE IF NOT EXISTS {schema}.patient_links (
    patient_address text COLLATE "C" PRIMARY KEY,
    local_patient_id text COLLATE "C" NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS {schema}.pointers (
    pointer_id text COLLATE "C" PRIMARY KEY,
    patient_address text COLLATE "C" NOT NULL,
    query text NOT NULL,
    salt text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS pointers_patient ON {schema}.pointers (patient_address, created_at, pointer_id);

CREATE TABLE IF NOT EXISTS {schema}.audit_entries (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE,
    occurred_at timestamptz NOT NULL,
    provider text NOT NULL,
    patient text COLLATE "C" NOT NULL,
    asker text NOT NULL,
    pointer_id text NOT NULL,
    action text NOT NULL,
    granted boolean NOT NULL,
    reason text NOT NULL,
    request_hash text NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_entries_patient ON {schema}.audit_entries (patient, occurred_at DESC, seq DESC);
