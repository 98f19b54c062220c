namespace MedRec.Grains.Abstractions.Writes;

/// <summary>The silo's participant key store holds no key for this participant, so nothing can be sent on its
/// behalf (HTTP 403 no-custody-key).</summary>
[GenerateSerializer, Alias("medrec.no-custody-key-exception")]
public sealed class NoCustodyKeyException : Exception
{
    public NoCustodyKeyException()
    {
    }

    public NoCustodyKeyException(string participant)
        : base($"No custody key is held for {participant}.") => Participant = participant;

    [Id(0)] public string Participant { get; set; } = "";
}
