using System.ComponentModel;
using System.Net;
using System.Reflection;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using MedRec.Grains.Writes;
using MedRec.Host.Api.Limits;
using MedRec.Host.Api.WebUi;
using MedRec.Silo;
using MedRec.Silo.Dashboard;
using MedRec.Silo.ServiceDefaults;
using MedRec.Silo.Storage;
using Orleans.Configuration;

namespace MedRec.Host.Api.Tests.Deployment;

/// <summary>Every configuration key the hosts read, walked by reflection from the options types at the sections the
/// code binds them to (the sections are the types' own constants), so a renamed property or section breaks the
/// deployment test rather than a container at start.</summary>
internal static class ConfigurationKeyCatalog
{
    /// <summary>The placeholder for a dictionary key (a provider address under MedRec:ProviderStores).</summary>
    public const string AnyKey = "*";

    private static readonly (string Section, Type Options)[] Sections =
    [
        (SiloStorageOptions.SectionName, typeof(SiloStorageOptions)),
        (ChainStreamOptions.Section, typeof(ChainStreamOptions)),
        (HealthOptions.Section, typeof(HealthOptions)),
        (MedRecDashboardOptions.Section, typeof(MedRecDashboardOptions)),
        (TelemetryOptions.Section, typeof(TelemetryOptions)),
        (ChainIndexerOptions.Section, typeof(ChainIndexerOptions)),
        (MedRecApiOptions.Section, typeof(MedRecApiOptions)),
        (RequestLimitsOptions.Section, typeof(RequestLimitsOptions)),
        (WebUiOptions.Section, typeof(WebUiOptions)),
        (PatientRecordsOptions.Section, typeof(PatientRecordsOptions)),
        (FanOutOptions.Section, typeof(FanOutOptions)),
        (AccessServiceCollectionExtensions.GatekeeperSection, typeof(AccessRequestVerifierOptions)),
        (TestKeyStoreOptions.Section, typeof(TestKeyStoreOptions)),
        // Bound by hand, one entry per provider address (ProviderStoreServiceCollectionExtensions).
        ($"{ProviderStoreOptions.SectionName}:{AnyKey}", typeof(ProviderStoreSettings)),
        // Read by Orleans itself from the "Orleans" section (cluster identity and endpoints).
        ("Orleans", typeof(ClusterOptions)),
        ("Orleans:Endpoints", typeof(EndpointOptions)),
    ];

    /// <summary>Configuration key (sections joined by ':') -> the type its value binds to.</summary>
    public static IReadOnlyDictionary<string, Type> Keys { get; } = Build();

    /// <summary>The type <paramref name="key"/> binds to, or null when no options type reads it.</summary>
    public static Type? Find(string key)
    {
        if (Keys.TryGetValue(key, out var type)) return type;
        // MedRec:ProviderStores:<address>:<setting>
        var parts = key.Split(':');
        var prefix = ProviderStoreOptions.SectionName.Split(':');
        if (parts.Length == prefix.Length + 2 && parts.Take(prefix.Length).SequenceEqual(prefix, StringComparer.OrdinalIgnoreCase))
        {
            parts[prefix.Length] = AnyKey;
            return Keys.GetValueOrDefault(string.Join(':', parts));
        }

        return null;
    }

    /// <summary>Whether <paramref name="value"/> converts to <paramref name="type"/> the way the configuration binder converts it.</summary>
    public static bool Converts(Type type, string value)
    {
        if (type == typeof(string)) return true;
        if (type == typeof(IPAddress)) return IPAddress.TryParse(value, out _);
        if (type == typeof(IPEndPoint)) return IPEndPoint.TryParse(value, out _);
        try
        {
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    private static Dictionary<string, Type> Build()
    {
        var keys = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, options) in Sections) Walk(section, options, keys);
        return keys;
    }

    private static void Walk(string prefix, Type type, Dictionary<string, Type> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var key = $"{prefix}:{property.Name}";
            if (IsLeaf(valueType))
            {
                if (property.SetMethod?.IsPublic == true) keys[key] = valueType;
            }
            else if (valueType.IsClass && valueType.GetConstructor(Type.EmptyTypes) is not null)
            {
                Walk(key, valueType, keys);
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type == typeof(string) || type == typeof(IPAddress) || type == typeof(IPEndPoint) || type.IsPrimitive || type.IsEnum
        || type == typeof(TimeSpan) || type == typeof(decimal) || type == typeof(Uri);
}
