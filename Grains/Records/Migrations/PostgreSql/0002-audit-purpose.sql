-- MedRec provider store, version 2 (PostgreSQL): the purpose of use of every audited request
-- (docs/adr/0012-purpose-of-use.md), as its wire name; entries written before it read 'undeclared'.
ALTER TABLE {schema}.audit_entries ADD COLUMN purpose text NOT NULL DEFAULT 'undeclared';
