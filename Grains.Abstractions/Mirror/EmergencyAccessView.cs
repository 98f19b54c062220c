namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>Every emergency window opened on a patient, in chain order.</summary>
[GenerateSerializer, Immutable, Alias("medrec.emergency-access-view")]
public sealed record EmergencyAccessView([property: Id(0)] string Patient, [property: Id(1)] IReadOnlyList<EmergencyWindow> Windows)
{
    /// <summary>The provider's window in force at <paramref name="nowUnixSeconds"/> (now &lt; expiresAt and not closed), or
    /// null. A provider's newer opening replaces its older one, as in the contract.</summary>
    public EmergencyWindow? OpenFor(string provider, ulong nowUnixSeconds)
    {
        for (var i = Windows.Count - 1; i >= 0; i--)
        {
            var window = Windows[i];
            if (window.Provider != provider) continue;
            return window.ClosedAt == 0 && nowUnixSeconds < window.ExpiresAt ? window : null;
        }

        return null;
    }
}

/// <summary>One opening: who, the justification commitment (keccak256(salt ‖ text); the text stays with the provider),
/// chain times in unix seconds, and when the patient closed it (0 if not).</summary>
[GenerateSerializer, Immutable, Alias("medrec.emergency-window")]
public sealed record EmergencyWindow(
    [property: Id(0)] string Provider,
    [property: Id(1)] string JustificationCommitment,
    [property: Id(2)] ulong OpenedAt,
    [property: Id(3)] ulong ExpiresAt,
    [property: Id(4)] ulong ClosedAt);
