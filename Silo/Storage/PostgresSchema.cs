using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MedRec.Silo.Storage;

/// <summary>
/// The project's PostgreSQL schema for Orleans' ADO.NET providers: the scripts of deploy/sql/postgresql, embedded in
/// this assembly, and the code that brings a database up to the newest of them. Each missing version is applied in a
/// transaction of its own and recorded in schema_version with its checksum; versions already there are skipped, so
/// applying is idempotent, and silos starting together serialize on an advisory lock.
/// </summary>
public static class PostgresSchema
{
    private const string ResourcePrefix = "MedRec.Silo.Storage.PostgreSql.";

    // pg_advisory_xact_lock key shared by every silo that applies this schema ("MedRec" + 1 in ASCII).
    private const long AdvisoryLockKey = 0x4D_65_64_52_65_63_00_01;

    // Read from pg_class with the statement's snapshot, not with to_regclass: to_regclass answers from the session's
    // catalog cache, which keeps an earlier "no such table" even after another silo created the table and released the
    // advisory lock (taking an advisory lock does not make a backend process catalog invalidations).
    private const string SchemaVersionExistsSql =
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE c.relname = 'schema_version' AND n.nspname = current_schema())";

    private static readonly Lazy<IReadOnlyList<SchemaScript>> EmbeddedScripts = new(LoadEmbeddedScripts);

    /// <summary>The embedded scripts in apply order (versions 1, 2, 3 ... without gaps).</summary>
    public static IReadOnlyList<SchemaScript> Scripts => EmbeddedScripts.Value;

    /// <summary>The version a database has once <see cref="ApplyAsync"/> has run.</summary>
    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Applies every embedded version the database does not have yet, in order.</summary>
    /// <exception cref="SchemaMismatchException">An applied version's checksum differs from the embedded script.</exception>
    public static async Task<SchemaApplyResult> ApplyAsync(
        string connectionString, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        logger ??= NullLogger.Instance;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // Fast path for the common case (every silo start after the first): no lock, no transaction.
        var recorded = await ReadRecordedAsync(connection, transaction: null, cancellationToken);
        if (Scripts.All(script => recorded.ContainsKey(script.Version)))
        {
            foreach (var script in Scripts) EnsureUnchanged(script, recorded[script.Version]);
            return new SchemaApplyResult([], recorded.Keys.Max());
        }

        var applied = new List<int>();
        foreach (var script in Scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            // Re-read under the lock: another silo may have applied this version since the fast path looked.
            recorded = await ReadRecordedAsync(connection, transaction, cancellationToken);
            if (recorded.TryGetValue(script.Version, out var checksum))
            {
                EnsureUnchanged(script, checksum);
                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            logger.LogInformation("Applying PostgreSQL schema version {Version} ({Script})", script.Version, script.Name);
            await using (var scriptCommand = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                await scriptCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                             "UPDATE schema_version SET checksum = @checksum WHERE version = @version", connection, transaction))
            {
                record.Parameters.AddWithValue("checksum", script.Checksum);
                record.Parameters.AddWithValue("version", script.Version);
                if (await record.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    throw new SchemaMismatchException(
                        $"{script.Name} ran but did not record version {script.Version} in schema_version; every script must end by inserting its version.");
                }
            }

            await transaction.CommitAsync(cancellationToken);
            applied.Add(script.Version);
        }

        var databaseVersion = Math.Max(LatestVersion, recorded.Count == 0 ? 0 : recorded.Keys.Max());
        logger.LogInformation("PostgreSQL schema at version {Version}; applied now: {Applied}",
            databaseVersion, applied.Count == 0 ? "none" : string.Join(", ", applied));
        return new SchemaApplyResult(applied, databaseVersion);
    }

    /// <summary>The versions recorded in schema_version with their checksums (null when applied by hand); empty when
    /// the database has no schema yet.</summary>
    public static async Task<IReadOnlyDictionary<int, string?>> ReadAppliedAsync(
        string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ReadRecordedAsync(connection, transaction: null, cancellationToken);
    }

    private static async Task<Dictionary<int, string?>> ReadRecordedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<int, string?>();
        await using (var exists = new NpgsqlCommand(SchemaVersionExistsSql, connection, transaction))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true) return recorded;
        }

        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_version", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[reader.GetInt32(0)] = reader.IsDBNull(1) ? null : reader.GetString(1).Trim();
        }

        return recorded;
    }

    private static void EnsureUnchanged(SchemaScript script, string? recordedChecksum)
    {
        // NULL: applied by hand with psql; nothing to compare against.
        if (recordedChecksum is not null && !string.Equals(recordedChecksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new SchemaMismatchException(
                $"schema_version records version {script.Version} with checksum {recordedChecksum}, but the embedded {script.Name} has {script.Checksum}. " +
                "An applied script must not change; put the change in a new script.");
        }
    }

    private static IReadOnlyList<SchemaScript> LoadEmbeddedScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => LoadScript(assembly, name))
            .OrderBy(script => script.Version)
            .ToList();

        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"The embedded PostgreSQL scripts must be numbered 1, 2, 3 ... without gaps or duplicates; found {string.Join(", ", scripts.Select(s => s.Name))}.");
            }
        }

        return scripts.Count > 0
            ? scripts
            : throw new InvalidOperationException($"No PostgreSQL scripts are embedded in {assembly.GetName().Name} (resources {ResourcePrefix}*.sql).");
    }

    private static SchemaScript LoadScript(Assembly assembly, string resourceName)
    {
        var name = resourceName[ResourcePrefix.Length..];
        var dash = name.IndexOf('-');
        if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), out var version))
        {
            throw new InvalidOperationException($"PostgreSQL script {name} is not named NNNN-description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Resource {resourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A checkout with CRLF line endings must produce the same checksum as one with LF.
        var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new SchemaScript(version, name, sql, checksum);
    }
}
