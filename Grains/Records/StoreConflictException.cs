namespace MedRec.Grains.Records;

/// <summary>A write that would replace what a provider store already holds under the same key (a record, a pointer
/// with another definition, an audit entry id): stores only add.</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
