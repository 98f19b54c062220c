using System.ComponentModel.DataAnnotations;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>Bound from the "MedRec:Indexer" configuration section.</summary>
public sealed class ChainIndexerOptions : IValidatableObject
{
    public const string Section = "MedRec:Indexer";

    /// <summary>Run the indexer in this process (the silo by default; off for silos that leave it to another host).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The deployment file written by `medrec deploy` / `medrec dev`; it names the chain and the contracts.</summary>
    [Required] public string DeploymentFile { get; set; } = Path.Combine(".medrec", "deployment.json");

    /// <summary>Overrides the deployment file's RPC URL when set.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>Blocks to wait behind the head before applying a block (0 on a dev chain; more on a real one).</summary>
    [Range(0, 10_000)] public int Confirmations { get; set; }

    /// <summary>Blocks per eth_getLogs request.</summary>
    [Range(1, 100_000)] public int BlockBatchSize { get; set; } = 2_000;

    /// <summary>With <see cref="Confirmations"/> above 0, apply access revocations from the unconfirmed blocks at once
    /// (0 confirmations) while everything else waits: a revocation bites as soon as it is mined, and during a reorg the
    /// safe side wins (an early revocation is undone only once its height is confirmed without it).</summary>
    public bool EarlyRevocations { get; set; } = true;

    /// <summary>Read (eth_getLogs + decode) the next range while the mirror applies the current one.</summary>
    public bool ReadAhead { get; set; } = true;

    /// <summary>How many recent blocks are kept (hash + events) to detect and undo a reorg.</summary>
    [Range(8, 100_000)] public int ReorgWindow { get; set; } = 256;

    /// <summary>Pause between polls when the indexer has caught up with the head.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait for the mirror grains to confirm a batch before retrying it.</summary>
    public TimeSpan ApplyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ProgressLogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the indexer lease (one indexer per cluster) lasts without renewal: when the host running the
    /// indexer dies, another host takes over at most this long (plus one renewal interval) after its last renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every indexer host asks for the lease (the holder renews it, the others wait for it).</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseRenewInterval * 2 > LeaseDuration)
        {
            yield return new ValidationResult(
                $"{Section}:LeaseRenewInterval ({LeaseRenewInterval}) must be positive and at most half of {Section}:LeaseDuration ({LeaseDuration}), so the holder renews before its lease runs out.",
                [nameof(LeaseRenewInterval), nameof(LeaseDuration)]);
        }
    }
}
