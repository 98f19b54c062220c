namespace MedRec.IntegrationTests;

[GenerateSerializer, Alias("MedRec.IntegrationTests.AdoNetProbeState")]
public sealed record AdoNetProbeState
{
    [Id(0)]
    public string Note { get; init; } = "";
}
