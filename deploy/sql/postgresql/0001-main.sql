-- MedRec.Orleans PostgreSQL schema, version 1: the bookkeeping every later version relies on.
--
-- Requires PostgreSQL 15 or later (0003 uses UNIQUE NULLS NOT DISTINCT).
-- Apply in order with MedRec.Silo.Storage.PostgresSchema (it embeds these files), or by hand:
--     for f in deploy/sql/postgresql/0*.sql; do psql -v ON_ERROR_STOP=1 --single-transaction -f "$f"; done
-- Every statement is written so that re-running a script changes nothing, and each script records its version last.

-- Which versions of this schema the database holds. checksum is the SHA-256 (hex) of the script text as embedded in
-- the silo; it stays NULL when a script was applied by hand.
CREATE TABLE IF NOT EXISTS schema_version
(
    version     integer      NOT NULL,
    description varchar(200) NOT NULL,
    checksum    char(64)     NULL,
    applied_at  timestamptz  NOT NULL DEFAULT now(),

    CONSTRAINT pk_schema_version PRIMARY KEY (version)
);

-- The Orleans ADO.NET providers issue no SQL of their own: at start each one reads this table
-- ("SELECT QueryKey, QueryText FROM OrleansQuery") and runs the texts it finds under fixed keys, binding parameters
-- by name (@DeploymentId ...) and reading result columns by name. The keys, parameter names and result column names
-- are the contract; everything else (tables, indexes, functions) is ours to shape.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

INSERT INTO schema_version (version, description)
VALUES (1, 'main: schema_version and OrleansQuery')
ON CONFLICT (version) DO NOTHING;
