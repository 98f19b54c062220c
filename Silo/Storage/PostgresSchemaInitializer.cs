using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedRec.Silo.Storage;

/// <summary>Applies the PostgreSQL schema as the silo starts, before the ADO.NET providers read their queries from
/// OrleansQuery (membership starts at <see cref="ServiceLifecycleStage.RuntimeGrainServices"/>, grain storage and
/// reminders later still). A failure stops the silo's start.</summary>
internal sealed class PostgresSchemaInitializer(IOptions<SiloStorageOptions> options, ILogger<PostgresSchemaInitializer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const int Stage = ServiceLifecycleStage.RuntimeInitialize - 1;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaInitializer), Stage, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var connectionString = options.Value.ConnectionString
            ?? throw new InvalidOperationException($"{SiloStorageOptions.SectionName}:ConnectionString is not set.");
        await PostgresSchema.ApplyAsync(connectionString, logger, cancellationToken);
    }
}
