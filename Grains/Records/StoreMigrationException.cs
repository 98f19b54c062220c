namespace MedRec.Grains.Records;

/// <summary>A provider database whose applied migrations differ from the ones embedded in this build.</summary>
public sealed class StoreMigrationException : Exception
{
    public StoreMigrationException(string message)
        : base(message)
    {
    }
}
