namespace MedRec.Grains.Records;

/// <summary>
/// A pointer as its provider keeps it: the id published on chain, the patient it is about, the canonical query text
/// and the random salt of the query commitment (keccak256(salt ‖ UTF-8 canonical query)), so the commitment on chain
/// reveals nothing about the query even when the query is guessable.
/// </summary>
public sealed record PointerDefinition(string PointerId, string PatientAddress, string Query, string Salt, DateTimeOffset CreatedAt)
{
    /// <summary>A new pointer for a query: random 32-byte pointer id and salt (0x-hex, lowercase), the query's
    /// canonical text, the patient's address lowercased.</summary>
    public static PointerDefinition Create(string patientAddress, PointerQuery query, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new PointerDefinition(Hex32.Random(), Addresses.Normalize(patientAddress, nameof(patientAddress)), query.Canonical, Hex32.Random(), createdAt);
    }

    /// <summary>The commitment published on chain for this pointer: <see cref="PointerQuery.Commitment"/> of
    /// <see cref="Query"/> with <see cref="Salt"/>.</summary>
    /// <exception cref="QueryRejectedException">The stored query is not a valid pointer query.</exception>
    public string Commitment() => PointerQuery.Parse(Query).Commitment(Salt);
}
