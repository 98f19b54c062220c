using MedRec.TestSupport;

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
    public Task<string> CreateDatabaseAsync(string prefix = "test") => Server.CreateDatabaseAsync(prefix);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
