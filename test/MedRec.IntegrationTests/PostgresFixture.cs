using MedRec.TestSupport;
using Npgsql;

namespace MedRec.IntegrationTests;

/// <summary>A <see cref="ThrowawayPostgres"/> per test collection.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private ThrowawayPostgres? _server;

    private ThrowawayPostgres Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");

    public int Port => Server.Port;

    /// <inheritdoc cref="ThrowawayPostgres.ConnectionString"/>
    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await ThrowawayPostgres.StartAsync();

    /// <inheritdoc cref="ThrowawayPostgres.CreateDatabaseAsync"/>
    /// <remarks>The connection string closes idle pooled connections after 2 s: each database serves one test, and
    /// with Npgsql's default (300 s) the pools the collection's tests leave behind add up to the server's
    /// max_connections (seen as "53300: sorry, too many clients already" on a loaded machine).</remarks>
    public async Task<string> CreateDatabaseAsync(string prefix = "test") =>
        new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync(prefix)) { ConnectionIdleLifetime = 2, ConnectionPruningInterval = 1 }
            .ConnectionString;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
