namespace MedRec.Grains.Abstractions.Access;

/// <summary>What a signed request asks to do. Signed as a string (see <see cref="AccessActions"/>).</summary>
public enum AccessAction
{
    /// <summary>Read the records behind one pointer or every pointer the asker may see.</summary>
    Read = 0,

    /// <summary>Read the audit trail of accesses to the patient's records (the patient only).</summary>
    ReadAudit = 1,

    /// <summary>A researcher's aggregate query (signed as an ApiRequest, never as an AccessRequest); audited by every
    /// provider it reaches, granted or refused.</summary>
    Research = 2,
}
