using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MedRec.Grains.Records;

/// <summary>
/// Builds each configured provider's store on first use and keeps it. The configuration is checked whole when the
/// factory is built (kind, connection string, schema name, and no two providers in one store). PostgreSQL stores on
/// the same connection string share one <see cref="NpgsqlDataSource"/>, so fifty providers in fifty schemas of one
/// server use one connection pool.
/// </summary>
public sealed class ProviderStoreFactory : IProviderStoreFactory, IAsyncDisposable
{
    private readonly Dictionary<string, ProviderStoreSettings> _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Lazy<IProviderStore>> _stores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _dataSources = new(StringComparer.Ordinal);

    public ProviderStoreFactory(IOptions<ProviderStoreOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _settings = Validate(options.Value);
    }

    public IReadOnlyCollection<string> ConfiguredProviders => _settings.Keys;

    public IProviderStore For(string providerAddress)
    {
        ArgumentNullException.ThrowIfNull(providerAddress);
        var key = providerAddress.ToLowerInvariant();
        if (!_settings.TryGetValue(key, out var settings)) throw new ProviderStoreNotConfiguredException(providerAddress);
        return _stores.GetOrAdd(key, _ => new Lazy<IProviderStore>(() => Create(settings))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value))
        {
            if (store is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }

        foreach (var dataSource in _dataSources.Values.Where(lazy => lazy.IsValueCreated))
        {
            await dataSource.Value.DisposeAsync();
        }
    }

    private IProviderStore Create(ProviderStoreSettings settings) => settings.Kind switch
    {
        ProviderStoreKind.PostgreSql => new PostgreSqlProviderStore(
            _dataSources.GetOrAdd(settings.ConnectionString!, cs => new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(WithoutReset(cs)))).Value,
            settings.Schema!, _timeProvider),
        ProviderStoreKind.Sqlite => new SqliteProviderStore(settings.ConnectionString!, _timeProvider),
        ProviderStoreKind.SqlServer => new SqlServerProviderStore(settings.ConnectionString!, settings.Schema!, _timeProvider),
        _ => throw new InvalidOperationException($"Unknown provider store kind {settings.Kind}."),
    };

    /// <summary>
    /// The connection string with Npgsql's reset of pooled connections off, unless it sets "No Reset On Close" itself.
    /// That reset (DISCARD ALL, sent with the next statement) undoes session state, and the stores keep none (no SET,
    /// temporary tables, cursors, LISTEN or session locks; the migration lock is transaction-scoped), while it costs the
    /// database a statement per connection taken from the pool: a sixth of a gatekeeper read's statements.
    /// </summary>
    internal static string WithoutReset(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static Dictionary<string, ProviderStoreSettings> Validate(ProviderStoreOptions options)
    {
        var result = new Dictionary<string, ProviderStoreSettings>(StringComparer.Ordinal);
        var owners = new Dictionary<(ProviderStoreKind, string, string), string>();
        foreach (var (address, settings) in options.Providers)
        {
            var path = $"{ProviderStoreOptions.SectionName}:{address}";
            if (!Addresses.IsValid(address))
            {
                throw new InvalidOperationException($"{path}: '{address}' is not a provider address (0x followed by 40 hex digits).");
            }

            if (settings.Kind is not { } kind || !Enum.IsDefined(kind))
            {
                throw new InvalidOperationException($"{path}:Kind is required: PostgreSql, Sqlite or SqlServer.");
            }

            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw new InvalidOperationException($"{path}:ConnectionString is required.");
            }

            var schema = kind switch
            {
                ProviderStoreKind.PostgreSql => settings.Schema ?? ProviderStoreSettings.DefaultPostgreSqlSchema,
                ProviderStoreKind.SqlServer => settings.Schema ?? SqlServerDialect.DefaultSchema,
                _ => "",
            };
            if (kind != ProviderStoreKind.Sqlite)
            {
                try
                {
                    ProviderSqlDialect.ValidateSchemaName(schema);
                }
                catch (ArgumentException error)
                {
                    throw new InvalidOperationException($"{path}:Schema: {error.Message}", error);
                }
            }

            var normalized = address.ToLowerInvariant();
            if (!owners.TryAdd((kind, settings.ConnectionString, schema), normalized))
            {
                throw new InvalidOperationException(
                    $"{path} uses the same database and schema as provider {owners[(kind, settings.ConnectionString, schema)]}; each provider needs a store of its own (set Schema).");
            }

            result[normalized] = new ProviderStoreSettings { Kind = kind, ConnectionString = settings.ConnectionString, Schema = schema };
        }

        return result;
    }
}
