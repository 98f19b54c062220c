namespace MedRec.Grains.Research;

/// <summary>How many of the latest blocks a validator sealed: the "mining reward" the research quota follows.</summary>
public interface IValidatorParticipation
{
    /// <returns>Blocks of the window whose miner is <paramref name="validator"/>, and the window's size.</returns>
    Task<(int Sealed, int Window)> SealedAsync(string validator, CancellationToken cancellationToken);
}
