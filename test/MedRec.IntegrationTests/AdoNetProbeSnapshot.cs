namespace MedRec.IntegrationTests;

/// <summary>What <see cref="IAdoNetProbeGrain"/> holds, with the mirror store's record flags.</summary>
[GenerateSerializer, Alias("MedRec.IntegrationTests.AdoNetProbeSnapshot")]
public sealed record AdoNetProbeSnapshot(
    [property: Id(0)] string MirrorNote,
    [property: Id(1)] bool MirrorRecordExists,
    [property: Id(2)] string? MirrorETag,
    [property: Id(3)] string DefaultNote);
