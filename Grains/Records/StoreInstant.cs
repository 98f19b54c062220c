using System.Globalization;

namespace MedRec.Grains.Records;

/// <summary>
/// Instants as every provider store keeps them: UTC, truncated to whole microseconds (PostgreSQL's precision), so a
/// value reads back equal from PostgreSQL, SQLite and SQL Server. SQLite holds them as fixed-width ISO-8601 text,
/// which orders and compares like the instants themselves.
/// </summary>
internal static class StoreInstant
{
    public const string TextFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TicksPerMicrosecond, TimeSpan.Zero);
    }

    public static string ToText(DateTimeOffset value) =>
        Normalize(value).UtcDateTime.ToString(TextFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, TextFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
