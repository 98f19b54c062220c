namespace MedRec.ChainIndexer.Chain;

/// <summary>A contract refused a call: the custom error's name and its decoded arguments.</summary>
public sealed class ChainRevertException(string errorName, IReadOnlyDictionary<string, object?> arguments, Exception inner)
    : Exception(Describe(errorName, arguments), inner)
{
    public string ErrorName { get; } = errorName;
    public IReadOnlyDictionary<string, object?> Arguments { get; } = arguments;

    private static string Describe(string errorName, IReadOnlyDictionary<string, object?> arguments) =>
        $"The contract refused the call: {errorName}({string.Join(", ", arguments.Select(a => $"{a.Key}={Format(a.Value)}"))})";

    private static string Format(object? value) => value switch
    {
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        null => "null",
        _ => value.ToString() ?? "",
    };
}
