using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nethereum.Util;

namespace MedRec.Grains.Records;

/// <summary>
/// A pointer's query: a closed subset of FHIR search, parsed and validated before it can reach a database.
/// <code>
/// ResourceType?patient=&lt;localId&gt;[&amp;category=&lt;code&gt;][&amp;code=[&lt;system&gt;|]&lt;code&gt;][&amp;date=&lt;prefix&gt;&lt;date or instant&gt;]{0,2}[&amp;_count=1..1000]
/// </code>
/// <list type="bullet">
/// <item>Resource types: <see cref="ResourceTypes"/> (Immunization has no category). Parameters in any order, each
/// at most once, except <c>date</c>: one lower bound (ge, gt) and one upper bound (le, lt), or one eq.</item>
/// <item>Values are taken literally, never percent-decoded. Ids and codes are <c>[A-Za-z0-9._-]</c>, a system is
/// an http(s) or urn URI. Anything outside that alphabet (quotes, semicolons, spaces, '%', '*', comment markers) is
/// refused, as is every parameter, modifier or resource type the grammar does not name.</item>
/// <item>A date is <c>YYYY-MM-DD</c> (the UTC day) or an instant <c>YYYY-MM-DDThh:mm:ss[.f{1,6}](Z|±hh:mm)</c>
/// (the span of its last digit); <c>eq</c> is the default prefix. It filters the record's effective instant
/// (see <see cref="SearchColumns"/>): ge/gt set an inclusive lower limit, le/lt an exclusive upper one.</item>
/// <item><c>_count</c> limits the whole result (there are no pages); without it every match is returned.</item>
/// </list>
/// <see cref="Canonical"/> writes the parameters in a fixed order (patient, category, code, lower date, upper date,
/// _count), instants in UTC, and gt/lt/eq as the equivalent ge/le, so equivalent queries have one text; that text is
/// what a pointer commits to on chain (<see cref="Commitment"/>).
/// </summary>
public sealed partial class PointerQuery : IEquatable<PointerQuery>
{
    /// <summary>The longest query text accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>The largest <c>_count</c>.</summary>
    public const int MaxCount = 1000;

    private static readonly string[] KnownResourceTypes =
    [
        "AllergyIntolerance", "Condition", "DiagnosticReport", "Encounter", "Immunization", "MedicationRequest",
        "Observation", "Procedure",
    ];

    private PointerQuery(
        string resourceType, string patientId, string? category, string? codeSystem, string? code,
        QueryDateValue? lower, QueryDateValue? upper, int? count)
    {
        ResourceType = resourceType;
        PatientId = patientId;
        Category = category;
        CodeSystem = codeSystem;
        Code = code;
        EffectiveFrom = lower?.Start;
        EffectiveBefore = upper?.End;
        Count = count;

        var text = new StringBuilder(resourceType).Append("?patient=").Append(patientId);
        if (category is not null) text.Append("&category=").Append(category);
        if (code is not null) text.Append("&code=").Append(codeSystem is null ? "" : codeSystem + "|").Append(code);
        if (lower is { } from) text.Append("&date=ge").Append(from.Canonical());
        if (upper is { } to) text.Append("&date=le").Append(to.Canonical());
        if (count is { } limit) text.Append("&_count=").Append(limit.ToString(CultureInfo.InvariantCulture));
        Canonical = text.ToString();
    }

    /// <summary>The resource types a pointer may select, in ordinal order.</summary>
    public static IReadOnlyList<string> ResourceTypes => KnownResourceTypes;

    public string ResourceType { get; }

    /// <summary>The provider's local patient id (see <see cref="IProviderStore.LinkPatientAsync"/>).</summary>
    public string PatientId { get; }

    /// <summary>The category code (no system), or null for any category.</summary>
    public string? Category { get; }

    /// <summary>The code's system, or null when the code is matched in any system.</summary>
    public string? CodeSystem { get; }

    public string? Code { get; }

    /// <summary>Inclusive lower limit on the effective instant (UTC), or null.</summary>
    public DateTimeOffset? EffectiveFrom { get; }

    /// <summary>Exclusive upper limit on the effective instant (UTC), or null.</summary>
    public DateTimeOffset? EffectiveBefore { get; }

    /// <summary>The most records returned, or null for all.</summary>
    public int? Count { get; }

    /// <summary>The canonical text: equal for equivalent queries; what <see cref="Commitment"/> hashes.</summary>
    public string Canonical { get; }

    /// <summary>Whether records of this type carry a category (Immunization does not).</summary>
    public static bool SupportsCategory(string resourceType) => resourceType != "Immunization";

    /// <summary>Parses and validates a query.</summary>
    /// <exception cref="QueryRejectedException">The text is outside the query language; see its Code.</exception>
    public static PointerQuery Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw Reject(QueryRejectionCodes.Malformed, "The query is empty; expected ResourceType?patient=<id>[&...].");
        }

        if (text.Length > MaxLength)
        {
            throw Reject(QueryRejectionCodes.TooLong, $"The query has {text.Length} characters; at most {MaxLength} are accepted.");
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!IsGrammarCharacter(text[i]))
            {
                throw Reject(QueryRejectionCodes.InvalidCharacter,
                    $"Character {Describe(text[i])} at position {i} is outside the query grammar (letters, digits and ?&=|:/._-+~ only).");
            }
        }

        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            throw Reject(QueryRejectionCodes.Malformed, "Expected ResourceType?patient=<id>[&...]; the query has no '?'.");
        }

        var resourceType = text[..question];
        if (resourceType.Length == 0)
        {
            throw Reject(QueryRejectionCodes.Malformed, "The query names no resource type before '?'.");
        }

        if (Array.BinarySearch(KnownResourceTypes, resourceType, StringComparer.Ordinal) < 0)
        {
            throw Reject(QueryRejectionCodes.UnknownResourceType,
                $"Resource type '{resourceType}' is not queryable; allowed: {string.Join(", ", KnownResourceTypes)} (case-sensitive).");
        }

        var parameters = text[(question + 1)..];
        if (parameters.Length == 0)
        {
            throw Reject(QueryRejectionCodes.MissingPatient, "The query has no parameters; patient=<id> is required.");
        }

        string? patient = null, category = null, codeSystem = null, code = null;
        QueryDateValue? lower = null, upper = null;
        int? count = null;
        foreach (var parameter in parameters.Split('&'))
        {
            if (parameter.Length == 0)
            {
                throw Reject(QueryRejectionCodes.Malformed, "The query has an empty parameter ('&&', or '&' at the start or end).");
            }

            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Reject(QueryRejectionCodes.Malformed, $"Parameter '{parameter}' is not of the form name=value.");
            }

            var name = parameter[..equals];
            var value = parameter[(equals + 1)..];
            switch (name)
            {
                case "patient":
                    EnsureOnce(patient, name);
                    patient = Match(IdPattern(), name, value, "a FHIR id ([A-Za-z0-9.-], at most 64 characters)");
                    break;
                case "category":
                    if (!SupportsCategory(resourceType))
                    {
                        throw Reject(QueryRejectionCodes.UnsupportedParameter, $"{resourceType} has no category; parameter 'category' is not supported for it.");
                    }

                    EnsureOnce(category, name);
                    category = Match(CodePattern(), name, value, "a code ([A-Za-z0-9._-], at most 64 characters)");
                    break;
                case "code":
                    EnsureOnce(code, name);
                    (codeSystem, code) = ParseToken(value);
                    break;
                case "date":
                    ApplyDate(value, ref lower, ref upper);
                    break;
                case "_count":
                    if (count is not null) throw Duplicate(name);
                    count = ParseCount(value);
                    break;
                default:
                    throw Reject(QueryRejectionCodes.UnsupportedParameter, name.Contains(':', StringComparison.Ordinal)
                        ? $"Parameter '{name}': modifiers are not supported."
                        : $"Parameter '{name}' is not supported; allowed: patient, category, code, date, _count.");
            }
        }

        if (patient is null)
        {
            throw Reject(QueryRejectionCodes.MissingPatient, "The query has no patient parameter; patient=<id> is required.");
        }

        if (lower is { } from && upper is { } to && from.Start >= to.End)
        {
            throw Reject(QueryRejectionCodes.InvalidDateRange,
                $"The date range is empty: from {from.Canonical()} up to {to.Canonical()}.");
        }

        return new PointerQuery(resourceType, patient, category, codeSystem, code, lower, upper, count);
    }

    /// <summary>Parses a query, answering the rejection instead of throwing it.</summary>
    public static bool TryParse(string text, out PointerQuery? query, out QueryRejectedException? rejection)
    {
        try
        {
            query = Parse(text);
            rejection = null;
            return true;
        }
        catch (QueryRejectedException error)
        {
            query = null;
            rejection = error;
            return false;
        }
    }

    /// <summary>The on-chain commitment: 0x-hex keccak256(salt bytes ‖ UTF-8 canonical text).</summary>
    /// <param name="salt">32 random bytes, 0x-hex (66 characters).</param>
    public string Commitment(string salt)
    {
        var saltBytes = Hex32.Parse(salt, nameof(salt));
        var canonical = Encoding.UTF8.GetBytes(Canonical);
        var message = new byte[saltBytes.Length + canonical.Length];
        saltBytes.CopyTo(message, 0);
        canonical.CopyTo(message, saltBytes.Length);
        return "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(message));
    }

    public bool Equals(PointerQuery? other) => other is not null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PointerQuery);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    public override string ToString() => Canonical;

    internal static (string? System, string Code) ParseToken(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            return (null, Match(CodePattern(), "code", value, "[system|]code with a code of [A-Za-z0-9._-] (at most 64 characters)"));
        }

        var system = Match(SystemPattern(), "code", value[..bar], "an http(s) or urn URI of at most 200 characters before '|'");
        var code = Match(CodePattern(), "code", value[(bar + 1)..], "a code of [A-Za-z0-9._-] (at most 64 characters) after '|'");
        return (system, code);
    }

    internal static void ApplyDate(string value, ref QueryDateValue? lower, ref QueryDateValue? upper)
    {
        var match = DatePattern().Match(value);
        if (!match.Success || value.Contains("--", StringComparison.Ordinal))
        {
            throw Reject(QueryRejectionCodes.InvalidValue,
                $"Parameter 'date' value '{value}' is not [eq|ge|gt|le|lt]YYYY-MM-DD or an instant YYYY-MM-DDThh:mm:ss[.ffffff](Z|+hh:mm|-hh:mm).");
        }

        var parsed = ParseDate(match, value);
        var prefix = match.Groups["prefix"].Success ? match.Groups["prefix"].Value : "eq";
        QueryDateValue? newLower = null, newUpper = null;
        switch (prefix)
        {
            case "eq": newLower = parsed; newUpper = parsed; break;
            case "ge": newLower = parsed; break;
            case "gt": newLower = parsed.Shift(+1) ?? throw OutsideCalendar(value); break;
            case "le": newUpper = parsed; break;
            case "lt": newUpper = parsed.Shift(-1) ?? throw OutsideCalendar(value); break;
        }

        if ((newLower is not null && lower is not null) || (newUpper is not null && upper is not null))
        {
            throw Reject(QueryRejectionCodes.DuplicateParameter,
                "Parameter 'date' may give one lower bound (ge, gt) and one upper bound (le, lt), or a single eq.");
        }

        lower ??= newLower;
        upper ??= newUpper;
    }

    private static QueryDateValue ParseDate(Match match, string value)
    {
        if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Reject(QueryRejectionCodes.InvalidValue, $"Parameter 'date' value '{value}' is not a calendar date.");
        }

        if (!match.Groups["time"].Success)
        {
            var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (day.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay) throw OutsideCalendar(value);
            return new QueryDateValue(day, TimeSpan.FromDays(1), IsDate: true, FractionDigits: 0);
        }

        if (!TimeOnly.TryParseExact(match.Groups["time"].Value, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw Reject(QueryRejectionCodes.InvalidValue, $"Parameter 'date' value '{value}' has no valid time of day.");
        }

        var offset = TimeSpan.Zero;
        var zone = match.Groups["zone"].Value;
        if (zone != "Z")
        {
            var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.AsSpan(4, 2), CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
            {
                throw Reject(QueryRejectionCodes.InvalidValue, $"Parameter 'date' value '{value}' has an offset outside -14:00..+14:00.");
            }

            offset = new TimeSpan(hours, minutes, 0);
            if (zone[0] == '-') offset = -offset;
        }

        var fraction = match.Groups["fraction"].Value;
        var precision = fraction.Length == 0 ? TimeSpan.TicksPerSecond : (long)Math.Pow(10, 7 - fraction.Length);
        var fractionTicks = fraction.Length == 0 ? 0 : long.Parse(fraction, CultureInfo.InvariantCulture) * precision;
        try
        {
            var local = date.ToDateTime(time).AddTicks(fractionTicks);
            var start = new DateTimeOffset(local, offset).ToUniversalTime();
            if (start.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - precision) throw OutsideCalendar(value);
            return new QueryDateValue(start, TimeSpan.FromTicks(precision), IsDate: false, fraction.Length);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw OutsideCalendar(value);
        }
    }

    private static int ParseCount(string value)
    {
        if (!CountPattern().IsMatch(value) || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxCount)
        {
            throw Reject(QueryRejectionCodes.InvalidValue, $"Parameter '_count' value '{value}' is not a whole number from 1 to {MaxCount}.");
        }

        return count;
    }

    private static string Match(Regex pattern, string name, string value, string expected)
    {
        // "--" passes the id and code alphabets but is a SQL comment marker: refused outright, whatever runs the query.
        if (!pattern.IsMatch(value) || value.Contains("--", StringComparison.Ordinal))
        {
            throw Reject(QueryRejectionCodes.InvalidValue, $"Parameter '{name}' value '{value}' is not {expected}.");
        }

        return value;
    }

    private static void EnsureOnce(string? current, string name)
    {
        if (current is not null) throw Duplicate(name);
    }

    private static QueryRejectedException Duplicate(string name) =>
        Reject(QueryRejectionCodes.DuplicateParameter, $"Parameter '{name}' may appear only once.");

    private static QueryRejectedException OutsideCalendar(string value) =>
        Reject(QueryRejectionCodes.InvalidDateRange, $"Parameter 'date' value '{value}' reaches outside the calendar (years 0001-9999).");

    private static QueryRejectedException Reject(string code, string message) => new(code, message);

    private static bool IsGrammarCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '?' or '&' or '=' or '|' or ':' or '/' or '.' or '_' or '-' or '+' or '~';

    private static string Describe(char c) =>
        c is >= ' ' and < '\x7f' ? $"'{c}'" : $"U+{(int)c:X4}";

    [GeneratedRegex(@"\A[A-Za-z0-9.\-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._\-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    // At most 200 characters (the lookahead), http(s) URL or urn:<nid>:<rest>.
    [GeneratedRegex(@"\A(?=.{1,200}\z)(?:https?://[A-Za-z0-9][A-Za-z0-9.\-]*(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~\-]+)*/?|urn:[A-Za-z0-9][A-Za-z0-9.\-]*:[A-Za-z0-9._:\-]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex SystemPattern();

    [GeneratedRegex(@"\A(?<prefix>eq|ge|gt|le|lt)?(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:T(?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?<fraction>[0-9]{1,6}))?(?<zone>Z|[+\-][0-9]{2}:[0-9]{2}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\A[1-9][0-9]{0,3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();
}
