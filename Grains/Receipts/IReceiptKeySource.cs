using MedRec.Grains.Signing;

namespace MedRec.Grains.Receipts;

/// <summary>
/// Where a gatekeeper finds its provider's key to sign decision receipts (docs/adr/0009-decision-receipts.md). The demo
/// uses the custody key store (<see cref="CustodyReceiptKeySource"/>); a hospital registers its own source first
/// (an HSM or KMS behind <see cref="IDigestSigner"/>). A source answers only a key whose address is the provider's.
/// </summary>
public interface IReceiptKeySource
{
    /// <summary>The provider's signing key, or null when this source holds none for it.</summary>
    ValueTask<IDigestSigner?> FindAsync(string provider, CancellationToken cancellationToken);
}
