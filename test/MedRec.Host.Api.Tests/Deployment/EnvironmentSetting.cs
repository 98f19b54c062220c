namespace MedRec.Host.Api.Tests.Deployment;

/// <summary>One environment variable a deployment file gives a MedRec container; <see cref="Value"/> is null when
/// it comes from a Secret or the downward API.</summary>
internal sealed record EnvironmentSetting(string Source, string Name, string? Value)
{
    /// <summary>The configuration key .NET's environment provider makes of it ("__" separates sections), or null for a
    /// variable that is not configuration (POD_IP ...).</summary>
    public string? ConfigurationKey => Name.Contains("__", StringComparison.Ordinal) ? Name.Replace("__", ":", StringComparison.Ordinal) : null;
}
