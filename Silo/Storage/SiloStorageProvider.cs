namespace MedRec.Silo.Storage;

/// <summary>Where the silo keeps cluster membership, grain state and reminders.</summary>
public enum SiloStorageProvider
{
    /// <summary>Localhost clustering, in-memory grain state and reminders: one silo, nothing survives a restart.</summary>
    Memory,

    /// <summary>Orleans' ADO.NET providers on PostgreSQL (Npgsql), with the schema in deploy/sql/postgresql.</summary>
    PostgreSql,
}
