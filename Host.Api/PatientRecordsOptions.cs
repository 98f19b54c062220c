namespace MedRec.Host.Api;

/// <summary>Where patient-reported records live (<c>MedRec:PatientRecords</c>, docs/adr/0004-http-api.md).</summary>
public sealed class PatientRecordsOptions
{
    public const string Section = "MedRec:PatientRecords";

    /// <summary>The address of the provider ("Patient-reported records" in the demo) whose store keeps patient-reported
    /// records and which publishes their pointers; patient-reported records are refused while it is not set.</summary>
    public string? Provider { get; set; }
}
