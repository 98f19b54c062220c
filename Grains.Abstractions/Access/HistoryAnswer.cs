namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// The merged history: <see cref="BundleJson"/> is one FHIR R4 collection Bundle of every verified record that
/// arrived, each entry's fullUrl naming its provider; <see cref="Providers"/> says, per provider in the summary, how
/// it answered (ok, denied, timed out, integrity failed, unavailable).
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.history-answer")]
public sealed record HistoryAnswer(
    [property: Id(0)] string Patient,
    [property: Id(1)] IReadOnlyList<GatekeeperAnswer> Providers,
    [property: Id(2)] int RecordCount,
    [property: Id(3)] string BundleJson);
