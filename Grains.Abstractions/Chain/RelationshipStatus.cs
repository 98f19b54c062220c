namespace MedRec.Grains.Abstractions.Chain;

/// <summary>A relationship's status in the Summary contract; the numeric values are the contract's enum values.</summary>
public enum RelationshipStatus : byte
{
    None = 0,
    New = 1,
    PendingUpdate = 2,
    Accepted = 3,
    Rejected = 4,
}
