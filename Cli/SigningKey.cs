using Nethereum.Signer;

namespace MedRec.Cli;

/// <summary>The key a command signs with, and how to name its owner on screen (never the key).</summary>
internal sealed record SigningKey(string DisplayName, EthECKey Key)
{
    public string Address => Key.GetPublicAddress().ToLowerInvariant();

    public override string ToString() => $"{DisplayName} {Address}";
}
