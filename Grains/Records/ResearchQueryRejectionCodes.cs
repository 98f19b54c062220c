namespace MedRec.Grains.Records;

/// <summary>
/// The stable codes of a refused <see cref="ResearchQuery"/> (a <see cref="QueryRejectedException"/>). The codes the
/// pointer language has too (malformed, too long, invalid character, unknown resource type, unsupported or duplicate
/// parameter, invalid value, invalid date range) are the same strings as in <see cref="QueryRejectionCodes"/>.
/// </summary>
public static class ResearchQueryRejectionCodes
{
    /// <summary>No <c>measure</c> parameter: an aggregate query says what it computes.</summary>
    public const string MissingMeasure = "query-missing-measure";

    /// <summary>A measure outside patients, records, mean, histogram.</summary>
    public const string UnknownMeasure = "query-unknown-measure";

    /// <summary>mean or histogram on a resource type without valueQuantity, or without a code (values of different
    /// codes are different quantities), or <c>bucket</c> without histogram.</summary>
    public const string MeasureUnsupported = "query-measure-unsupported";

    /// <summary>histogram without <c>bucket</c>, or a bucket width that is not a positive decimal.</summary>
    public const string InvalidBucket = "query-invalid-bucket";

    /// <summary>A <c>group</c> attribute outside year, category, code, named twice, or not kept for the type.</summary>
    public const string InvalidGroup = "query-invalid-group";

    /// <summary>A parameter names a patient: aggregates are over cohorts, never about one person.</summary>
    public const string PatientNotAllowed = "query-patient-not-allowed";
}
