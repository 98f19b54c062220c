using System.Diagnostics.CodeAnalysis;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;

namespace MedRec.Grains.Receipts;

/// <summary>Who signed a receipt: recovered over its EIP-712 digest in the domain the receipt names.</summary>
public static class DecisionReceiptSignature
{
    /// <summary>The signer's address, or why none can be recovered (a malformed field or signature).</summary>
    public static bool TryRecover(DecisionReceipt receipt, [NotNullWhen(true)] out string? signer, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        signer = null;
        byte[] digest;
        try
        {
            digest = new DecisionReceiptHasher(new AccessRequestDomain(receipt.ChainId, receipt.VerifyingContract)).Hash(receipt);
        }
        catch (FormatException e)
        {
            error = $"the receipt is malformed: {e.Message}";
            return false;
        }

        return SignatureRecovery.TryRecover(digest, receipt.Signature, out signer, out error);
    }
}
