namespace MedRec.Grains.Records;

/// <summary>
/// One pointer as <see cref="IProviderStore.ReadPointersAsync"/> read it: its stored definition (null when the store
/// has none), the query that was run for it and its records (both null when no query was run).
/// </summary>
public sealed record PointerRead(
    string PointerId, PointerDefinition? Definition, PointerQuery? Query, IReadOnlyList<StoredRecord>? Records);
