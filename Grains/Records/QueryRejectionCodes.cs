namespace MedRec.Grains.Records;

/// <summary>The stable codes of <see cref="QueryRejectedException"/>; an API answers them as ProblemDetails codes.</summary>
public static class QueryRejectionCodes
{
    /// <summary>Not of the shape <c>ResourceType?name=value&amp;...</c> (empty, no '?', empty or nameless parameter).</summary>
    public const string Malformed = "query-malformed";

    /// <summary>Longer than <see cref="PointerQuery.MaxLength"/> characters.</summary>
    public const string TooLong = "query-too-long";

    /// <summary>A character outside the grammar's alphabet (quotes, semicolons, spaces, '%', '*', non-ASCII ...).</summary>
    public const string InvalidCharacter = "query-invalid-character";

    /// <summary>A resource type outside <see cref="PointerQuery.ResourceTypes"/>.</summary>
    public const string UnknownResourceType = "query-unknown-resource-type";

    /// <summary>A parameter (or modifier) the grammar does not have, or one the resource type does not support.</summary>
    public const string UnsupportedParameter = "query-unsupported-parameter";

    /// <summary>A parameter given more often than it can be (two patients, two lower date bounds ...).</summary>
    public const string DuplicateParameter = "query-duplicate-parameter";

    /// <summary>No <c>patient</c> parameter: every pointer is about exactly one patient.</summary>
    public const string MissingPatient = "query-missing-patient";

    /// <summary>A value that does not match its parameter's pattern, or a <c>_count</c> out of range.</summary>
    public const string InvalidValue = "query-invalid-value";

    /// <summary>Date bounds that leave an empty range or step outside the calendar.</summary>
    public const string InvalidDateRange = "query-invalid-date-range";
}
