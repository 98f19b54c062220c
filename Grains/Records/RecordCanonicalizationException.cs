namespace MedRec.Grains.Records;

/// <summary>A stored record whose JSON has no canonical form (not JSON, duplicate keys, invalid UTF-16): it cannot
/// match any published data hash, and a gatekeeper reports it as an integrity failure.</summary>
public sealed class RecordCanonicalizationException : Exception
{
    public RecordCanonicalizationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
