using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nethereum.Util;

namespace MedRec.Grains.Records;

/// <summary>
/// A researcher's aggregate query: a closed language in the style of <see cref="PointerQuery"/>, parsed and validated
/// before anything reaches a database, values only ever as SQL parameters.
/// <code>
/// ResourceType?measure=patients|records|mean|histogram[&amp;code=[&lt;system&gt;|]&lt;code&gt;][&amp;category=&lt;code&gt;]
///     [&amp;date=&lt;prefix&gt;&lt;date or instant&gt;]{0,2}[&amp;bucket=&lt;width&gt;][&amp;group=year,category,code]
/// </code>
/// <list type="bullet">
/// <item>Resource types, codes, categories and dates exactly as in <see cref="PointerQuery"/> (same alphabet, same
/// date semantics on the effective instant); no <c>patient</c> and no <c>_count</c>: an aggregate is about a cohort.</item>
/// <item><c>mean</c> and <c>histogram</c> read Observation.valueQuantity.value and need a code (different codes are
/// different quantities); <c>histogram</c> needs <c>bucket</c>, a positive decimal width (at most 9 integer and 6
/// fraction digits): a record falls in bucket floor(value / width).</item>
/// <item><c>group</c> lists one to three of year (UTC year of the effective instant), category, code, each once.</item>
/// </list>
/// <see cref="Canonical"/> is one text per equivalent query (fixed parameter order, dates in UTC as ge/le, groups in
/// the order year, category, code); <see cref="Hash"/> is its keccak-256, what the audit records.
/// </summary>
public sealed partial class ResearchQuery : IEquatable<ResearchQuery>
{
    public const int MaxLength = PointerQuery.MaxLength;

    private ResearchQuery(
        string resourceType, ResearchMeasure measure, string? category, string? codeSystem, string? code,
        QueryDateValue? lower, QueryDateValue? upper, decimal? bucket, ResearchGroup groups)
    {
        ResourceType = resourceType;
        Measure = measure;
        Category = category;
        CodeSystem = codeSystem;
        Code = code;
        EffectiveFrom = lower?.Start;
        EffectiveBefore = upper?.End;
        BucketWidth = bucket;
        Groups = groups;

        var text = new StringBuilder(resourceType).Append("?measure=").Append(MeasureName(measure));
        if (category is not null) text.Append("&category=").Append(category);
        if (code is not null) text.Append("&code=").Append(codeSystem is null ? "" : codeSystem + "|").Append(code);
        if (lower is { } from) text.Append("&date=ge").Append(from.Canonical());
        if (upper is { } to) text.Append("&date=le").Append(to.Canonical());
        if (bucket is { } width) text.Append("&bucket=").Append(width.ToString("0.######", CultureInfo.InvariantCulture));
        if (groups != ResearchGroup.None) text.Append("&group=").Append(string.Join(",", GroupNames(groups)));
        Canonical = text.ToString();
        Hash = "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(Canonical)));
    }

    public string ResourceType { get; }

    public ResearchMeasure Measure { get; }

    public string? Category { get; }

    public string? CodeSystem { get; }

    public string? Code { get; }

    /// <summary>Inclusive lower limit on the effective instant (UTC), or null.</summary>
    public DateTimeOffset? EffectiveFrom { get; }

    /// <summary>Exclusive upper limit on the effective instant (UTC), or null.</summary>
    public DateTimeOffset? EffectiveBefore { get; }

    /// <summary>The histogram's bucket width, or null for other measures.</summary>
    public decimal? BucketWidth { get; }

    public ResearchGroup Groups { get; }

    /// <summary>Whether the measure reads valueQuantity.value (mean, histogram).</summary>
    public bool ReadsValue => Measure is ResearchMeasure.Mean or ResearchMeasure.Histogram;

    public string Canonical { get; }

    /// <summary>0x-hex keccak-256 of the UTF-8 canonical text.</summary>
    public string Hash { get; }

    public static string MeasureName(ResearchMeasure measure) => measure switch
    {
        ResearchMeasure.Patients => "patients",
        ResearchMeasure.Records => "records",
        ResearchMeasure.Mean => "mean",
        ResearchMeasure.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "unknown measure"),
    };

    public static IEnumerable<string> GroupNames(ResearchGroup groups)
    {
        if (groups.HasFlag(ResearchGroup.Year)) yield return "year";
        if (groups.HasFlag(ResearchGroup.Category)) yield return "category";
        if (groups.HasFlag(ResearchGroup.Code)) yield return "code";
    }

    /// <summary>Parses and validates an aggregate query.</summary>
    /// <exception cref="QueryRejectedException">The text is outside the language; see its Code.</exception>
    public static ResearchQuery Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw Reject(QueryRejectionCodes.Malformed, "The query is empty; expected ResourceType?measure=<measure>[&...].");
        }

        if (text.Length > MaxLength)
        {
            throw Reject(QueryRejectionCodes.TooLong, $"The query has {text.Length} characters; at most {MaxLength} are accepted.");
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '?' or '&' or '=' or '|' or ':' or '/' or '.' or '_' or '-' or '+' or '~' or ','))
            {
                throw Reject(QueryRejectionCodes.InvalidCharacter,
                    $"Character {(c is >= ' ' and < '\x7f' ? $"'{c}'" : $"U+{(int)c:X4}")} at position {i} is outside the query grammar (letters, digits and ?&=|:/._-+~, only).");
            }
        }

        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question <= 0)
        {
            throw Reject(QueryRejectionCodes.Malformed, "Expected ResourceType?measure=<measure>[&...]; the query has no resource type and '?'.");
        }

        var resourceType = text[..question];
        if (!PointerQuery.ResourceTypes.Contains(resourceType, StringComparer.Ordinal))
        {
            throw Reject(QueryRejectionCodes.UnknownResourceType,
                $"Resource type '{resourceType}' is not queryable; allowed: {string.Join(", ", PointerQuery.ResourceTypes)} (case-sensitive).");
        }

        var parameters = text[(question + 1)..];
        if (parameters.Length == 0) throw Reject(ResearchQueryRejectionCodes.MissingMeasure, "The query has no parameters; measure=<measure> is required.");

        ResearchMeasure? measure = null;
        string? category = null, codeSystem = null, code = null;
        QueryDateValue? lower = null, upper = null;
        decimal? bucket = null;
        ResearchGroup? groups = null;
        foreach (var parameter in parameters.Split('&'))
        {
            if (parameter.Length == 0)
            {
                throw Reject(QueryRejectionCodes.Malformed, "The query has an empty parameter ('&&', or '&' at the start or end).");
            }

            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw Reject(QueryRejectionCodes.Malformed, $"Parameter '{parameter}' is not of the form name=value.");
            var name = parameter[..equals];
            var value = parameter[(equals + 1)..];
            switch (name)
            {
                case "measure":
                    if (measure is not null) throw Duplicate(name);
                    measure = value switch
                    {
                        "patients" => ResearchMeasure.Patients,
                        "records" => ResearchMeasure.Records,
                        "mean" => ResearchMeasure.Mean,
                        "histogram" => ResearchMeasure.Histogram,
                        _ => throw Reject(ResearchQueryRejectionCodes.UnknownMeasure,
                            $"Measure '{value}' is not known; allowed: patients, records, mean, histogram."),
                    };
                    break;
                case "category":
                    if (!PointerQuery.SupportsCategory(resourceType))
                    {
                        throw Reject(QueryRejectionCodes.UnsupportedParameter, $"{resourceType} has no category; parameter 'category' is not supported for it.");
                    }

                    if (category is not null) throw Duplicate(name);
                    category = CodeValue(name, value);
                    break;
                case "code":
                    if (code is not null) throw Duplicate(name);
                    (codeSystem, code) = PointerQuery.ParseToken(value);
                    break;
                case "date":
                    PointerQuery.ApplyDate(value, ref lower, ref upper);
                    break;
                case "bucket":
                    if (bucket is not null) throw Duplicate(name);
                    bucket = ParseBucket(value);
                    break;
                case "group":
                    if (groups is not null) throw Duplicate(name);
                    groups = ParseGroups(value, resourceType);
                    break;
                case "patient" or "subject":
                    throw Reject(ResearchQueryRejectionCodes.PatientNotAllowed,
                        $"Parameter '{name}' is not allowed: an aggregate query is about a cohort, never about one patient.");
                default:
                    throw Reject(QueryRejectionCodes.UnsupportedParameter, name.Contains(':', StringComparison.Ordinal)
                        ? $"Parameter '{name}': modifiers are not supported."
                        : $"Parameter '{name}' is not supported; allowed: measure, code, category, date, bucket, group.");
            }
        }

        if (measure is not { } chosen) throw Reject(ResearchQueryRejectionCodes.MissingMeasure, "The query has no measure parameter; measure=patients|records|mean|histogram is required.");
        if (chosen is ResearchMeasure.Mean or ResearchMeasure.Histogram)
        {
            if (resourceType != "Observation")
            {
                throw Reject(ResearchQueryRejectionCodes.MeasureUnsupported,
                    $"Measure '{MeasureName(chosen)}' reads Observation.valueQuantity.value; {resourceType} has none.");
            }

            if (code is null)
            {
                throw Reject(ResearchQueryRejectionCodes.MeasureUnsupported,
                    $"Measure '{MeasureName(chosen)}' needs a code: values of different codes are different quantities.");
            }
        }

        if (chosen == ResearchMeasure.Histogram && bucket is null)
        {
            throw Reject(ResearchQueryRejectionCodes.InvalidBucket, "Measure 'histogram' needs bucket=<width>, a positive decimal.");
        }

        if (chosen != ResearchMeasure.Histogram && bucket is not null)
        {
            throw Reject(ResearchQueryRejectionCodes.MeasureUnsupported, "Parameter 'bucket' is only for measure=histogram.");
        }

        if (lower is { } from && upper is { } to && from.Start >= to.End)
        {
            throw Reject(QueryRejectionCodes.InvalidDateRange, $"The date range is empty: from {from.Canonical()} up to {to.Canonical()}.");
        }

        return new ResearchQuery(resourceType, chosen, category, codeSystem, code, lower, upper, bucket, groups ?? ResearchGroup.None);
    }

    public bool Equals(ResearchQuery? other) => other is not null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ResearchQuery);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    public override string ToString() => Canonical;

    private static decimal ParseBucket(string value)
    {
        if (!BucketPattern().IsMatch(value)
            || !decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var width)
            || width <= 0)
        {
            throw Reject(ResearchQueryRejectionCodes.InvalidBucket,
                $"Parameter 'bucket' value '{value}' is not a positive decimal (digits, at most 9 before and 6 after the point).");
        }

        return width;
    }

    private static ResearchGroup ParseGroups(string value, string resourceType)
    {
        var groups = ResearchGroup.None;
        var names = value.Split(',');
        foreach (var name in names)
        {
            var group = name switch
            {
                "year" => ResearchGroup.Year,
                "category" => ResearchGroup.Category,
                "code" => ResearchGroup.Code,
                _ => throw Reject(ResearchQueryRejectionCodes.InvalidGroup,
                    $"Group '{name}' is not known; allowed: year, category, code (comma-separated, each once). " +
                    "Demographics are not kept by the provider stores."),
            };
            if (groups.HasFlag(group)) throw Reject(ResearchQueryRejectionCodes.InvalidGroup, $"Group '{name}' is named twice.");
            if (group == ResearchGroup.Category && !PointerQuery.SupportsCategory(resourceType))
            {
                throw Reject(ResearchQueryRejectionCodes.InvalidGroup, $"{resourceType} has no category to group by.");
            }

            groups |= group;
        }

        return groups;
    }

    private static string CodeValue(string name, string value) =>
        CodePattern().IsMatch(value) && !value.Contains("--", StringComparison.Ordinal)
            ? value
            : throw Reject(QueryRejectionCodes.InvalidValue, $"Parameter '{name}' value '{value}' is not a code ([A-Za-z0-9._-], at most 64 characters).");

    private static QueryRejectedException Duplicate(string name) =>
        Reject(QueryRejectionCodes.DuplicateParameter, $"Parameter '{name}' may appear only once.");

    private static QueryRejectedException Reject(string code, string message) => new(code, message);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._\-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\A[0-9]{1,9}(?:\.[0-9]{1,6})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();
}
