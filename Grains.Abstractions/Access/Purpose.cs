namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// Why an asker reads (docs/adr/0012-purpose-of-use.md): every signed access request declares one. Signed as a string
/// (see <see cref="Purposes"/>); a grant on chain covers a set of them (<see cref="PurposeSet"/>). Each maps to an HL7 v3
/// PurposeOfUse code in the FHIR AuditEvent.
/// </summary>
public enum Purpose
{
    /// <summary>Care of the patient (v3 TREAT).</summary>
    Treatment = 0,

    /// <summary>Billing and claims (v3 HPAYMT).</summary>
    Payment = 1,

    /// <summary>Healthcare operations: quality, audit, administration (v3 HOPERAT).</summary>
    Operations = 2,

    /// <summary>Research (v3 HRESCH).</summary>
    Research = 3,

    /// <summary>Emergency treatment; the purpose of every break-the-glass read (v3 ETREAT).</summary>
    Emergency = 4,

    /// <summary>The patient's own request (v3 PATRQT).</summary>
    PatientRequest = 5,
}
