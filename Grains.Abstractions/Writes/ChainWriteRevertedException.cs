namespace MedRec.Grains.Abstractions.Writes;

/// <summary>The contract refuses the transaction (seen by gas estimation, so nothing was sent): the decoded custom
/// error's name (e.g. <c>GrantNotFound</c>) and a description of its arguments (HTTP 409 chain-revert).</summary>
[GenerateSerializer, Alias("medrec.chain-write-reverted-exception")]
public sealed class ChainWriteRevertedException : Exception
{
    public ChainWriteRevertedException()
    {
    }

    public ChainWriteRevertedException(string errorName, string message)
        : base(message) => ErrorName = errorName;

    [Id(0)] public string ErrorName { get; set; } = "";
}
