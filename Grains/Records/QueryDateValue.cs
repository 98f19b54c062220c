using System.Globalization;
using System.Text;

namespace MedRec.Grains.Records;

/// <summary>
/// A date parameter's value as the interval it stands for, FHIR-style: a date is the whole UTC day, an instant the
/// span of its last written digit (a second, or 0.1 s ... 1 µs with fractional digits). The canonical text is UTC.
/// </summary>
internal readonly record struct QueryDateValue(DateTimeOffset Start, TimeSpan Precision, bool IsDate, int FractionDigits)
{
    /// <summary>The first instant after the interval.</summary>
    public DateTimeOffset End => Start + Precision;

    /// <summary>The adjacent interval of the same precision (for gt/lt -> ge/le); null past the calendar's ends.</summary>
    public QueryDateValue? Shift(int direction)
    {
        var ticks = Start.UtcTicks + direction * Precision.Ticks;
        // End of the shifted interval must also be representable: it is used as an exclusive upper limit.
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks - Precision.Ticks) return null;
        return this with { Start = new DateTimeOffset(ticks, TimeSpan.Zero) };
    }

    public string Canonical()
    {
        if (IsDate) return Start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = new StringBuilder(Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (FractionDigits > 0)
        {
            var fraction = Start.UtcTicks % TimeSpan.TicksPerSecond / Precision.Ticks;
            text.Append('.').Append(fraction.ToString(new string('0', FractionDigits), CultureInfo.InvariantCulture));
        }

        return text.Append('Z').ToString();
    }
}
