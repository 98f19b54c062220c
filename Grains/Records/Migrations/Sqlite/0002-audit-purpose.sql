-- MedRec provider store, version 2 (SQLite): the purpose of use of every audited request
-- (docs/adr/0012-purpose-of-use.md), as its wire name; entries written before it read 'undeclared'.
ALTER TABLE audit_entries ADD COLUMN purpose TEXT NOT NULL DEFAULT 'undeclared';
