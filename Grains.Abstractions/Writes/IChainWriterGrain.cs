using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Abstractions.Writes;

/// <summary>
/// Sends one participant's MedRec transactions (keyed by the participant's lowercase address), signed with the
/// participant's custody key from the silo's key store. Not reentrant: one participant's transactions go out one at a
/// time and in order, so its account nonce never races. Every write estimates gas first: a revert the estimate
/// reveals throws <see cref="ChainWriteRevertedException"/> and sends nothing. Otherwise it answers the transaction
/// hash as soon as the transaction is sent, without waiting for it to be mined (docs/adr/0004-http-api.md).
/// Addresses and 32-byte values are 0x-hex.
/// </summary>
/// <remarks>Every method throws <see cref="NoCustodyKeyException"/> when the key store has no key for the participant.</remarks>
[Alias("medrec.chain-writer-grain")]
public interface IChainWriterGrain : IGrainWithStringKey
{
    /// <summary>Registers this participant as a patient with its salted identity commitment (32 bytes).</summary>
    [Alias("register-patient")]
    Task<string> RegisterPatientAsync(string identityCommitment);

    /// <summary>As a certifier: registers a provider with its gatekeeper endpoint.</summary>
    [Alias("register-provider")]
    Task<string> RegisterProviderAsync(string provider, string identityCommitment, string endpoint);

    /// <summary>As a certifier: registers a researcher tied to its validator address.</summary>
    [Alias("register-researcher")]
    Task<string> RegisterResearcherAsync(string researcher, string identityCommitment, string validator);

    /// <summary>As the patient: accepts the relationship with a provider.</summary>
    [Alias("accept-relationship")]
    Task<string> AcceptRelationshipAsync(string provider);

    /// <summary>As the patient: rejects the relationship with a provider.</summary>
    [Alias("reject-relationship")]
    Task<string> RejectRelationshipAsync(string provider);

    /// <summary>As the patient: grants a viewer one pointer until <paramref name="expiresAt"/> (unix seconds) for
    /// <paramref name="purposes"/> (a valid grant set: docs/adr/0012-purpose-of-use.md).</summary>
    [Alias("grant")]
    Task<string> GrantAsync(string provider, string pointerId, string viewer, ulong expiresAt, PurposeSet purposes);

    /// <summary>As the patient: revokes a viewer's grant of one pointer.</summary>
    [Alias("revoke")]
    Task<string> RevokeAsync(string provider, string pointerId, string viewer);

    /// <summary>As the patient: opts in or out of research.</summary>
    [Alias("research-consent")]
    Task<string> SetResearchConsentAsync(bool consent);

    /// <summary>As a provider: anchors the Merkle root (32 bytes) of its audit entries firstSeq..lastSeq on the
    /// AuditAnchors contract (docs/adr/0010-audit-anchors.md).</summary>
    [Alias("anchor-audit")]
    Task<string> AnchorAuditAsync(string root, ulong firstSeq, ulong lastSeq, ulong entryCount);

    /// <summary>As a provider: opens break-the-glass access to the justification's patient for its duration on the
    /// EmergencyAccess contract (docs/adr/0011-break-the-glass.md). The justification (text, salt, commitment) is
    /// stored in the provider's own store first, so no window on chain lacks its text; then the transaction's hash,
    /// or "refused: ErrorName" when the contract refuses it, is noted there.</summary>
    [Alias("open-emergency-access")]
    Task<string> OpenEmergencyAccessAsync(EmergencyJustification justification);

    /// <summary>As the patient: closes a provider's open emergency window early.</summary>
    [Alias("close-emergency-access")]
    Task<string> CloseEmergencyAccessAsync(string provider);

    /// <summary>As a provider: writes FHIR R4 resources (JSON) to this provider's store and publishes the pointers of
    /// every slice they touched in one transaction.</summary>
    [Alias("add-records")]
    Task<RecordsPublication> AddRecordsAsync(string patient, IReadOnlyList<string> resources);
}
