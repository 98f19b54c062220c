-- MedRec provider store, version 2 (SQL Server): the purpose of use of every audited request
-- (docs/adr/0012-purpose-of-use.md), as its wire name; entries written before it read 'undeclared'
-- (a NOT NULL column with a default fills the existing rows).
ALTER TABLE {schema}.audit_entries ADD purpose nvarchar(32) NOT NULL CONSTRAINT DF_audit_entries_purpose DEFAULT N'undeclared';
