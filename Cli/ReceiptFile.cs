using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Host.Api;

namespace MedRec.Cli;

/// <summary>Decision receipts as JSON files (the API's JSON: camelCase, unknown members refused): one receipt, or an
/// array of them (a whole history: one per provider that answered with one).</summary>
internal static class ReceiptFile
{
    private static readonly JsonSerializerOptions Options = new(ApiJson.Options) { WriteIndented = true };

    public static Task WriteAsync(string path, IReadOnlyList<DecisionReceipt> receipts, CancellationToken ct) =>
        File.WriteAllTextAsync(path, receipts.Count == 1 ? JsonSerializer.Serialize(receipts[0], Options) : JsonSerializer.Serialize(receipts, Options), ct);

    /// <exception cref="CliError">No such file, or not a receipt.</exception>
    public static async Task<IReadOnlyList<DecisionReceipt>> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new CliError($"No receipt file at '{path}'.");
        var text = await File.ReadAllTextAsync(path, ct);
        try
        {
            var receipts = text.TrimStart().StartsWith('[')
                ? JsonSerializer.Deserialize<List<DecisionReceipt>>(text, Options) ?? []
                : [JsonSerializer.Deserialize<DecisionReceipt>(text, Options) ?? throw new CliError($"'{path}' holds JSON null, not a receipt.")];
            if (receipts.Count == 0) throw new CliError($"'{path}' holds no receipt.");
            return receipts;
        }
        catch (JsonException e)
        {
            throw new CliError($"'{path}' is not a decision receipt: {e.Message}");
        }
    }

    /// <summary>The receipt a refusal's problem+json carries (extension member <c>receipt</c>), if any.</summary>
    public static DecisionReceipt? FromProblem(string problemJson)
    {
        try
        {
            using var document = JsonDocument.Parse(problemJson);
            return document.RootElement.TryGetProperty("receipt", out var receipt) ? receipt.Deserialize<DecisionReceipt>(ApiJson.ClientOptions) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
