using MedRec.ChainIndexer.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace MedRec.ChainIndexer.Chain;

/// <summary>Turns Nethereum's revert exceptions into <see cref="ChainRevertException"/> using the compiled ABIs.</summary>
public static class ContractErrorDecoder
{
    private static readonly Nethereum.ABI.Model.ErrorABI[] KnownErrors =
        ContractArtifact.All.SelectMany(a => a.Abi.Errors).ToArray();

    /// <summary>Returns the decoded revert, or null when <paramref name="exception"/> is not a contract revert.</summary>
    public static ChainRevertException? TryDecode(Exception exception) => exception switch
    {
        ChainRevertException decoded => decoded,
        SmartContractCustomErrorRevertException custom => DecodeCustom(custom),
        SmartContractRevertException reason => new ChainRevertException(
            "Error", new Dictionary<string, object?> { ["reason"] = reason.RevertMessage }, reason),
        // A raw eth_call (no typed handler) leaves the revert's encoded custom error in the RPC error's data.
        RpcResponseException { RpcError.Data: { } data } when RevertData(data) is { } encoded
            => DecodeCustom(new SmartContractCustomErrorRevertException(encoded)),
        RpcResponseException { RpcError.Message: var message } rpc when message.Contains("revert", StringComparison.OrdinalIgnoreCase)
            => new ChainRevertException("Reverted", new Dictionary<string, object?> { ["message"] = message }, rpc),
        _ => null,
    };

    /// <summary>The data of an RPC error when it is 0x-hex holding at least a 4-byte error selector.</summary>
    private static string? RevertData(object data) =>
        data.ToString() is { Length: >= 10 } text && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        && text.AsSpan(2).IndexOfAnyExcept("0123456789abcdefABCDEF") < 0
            ? text
            : null;

    private static ChainRevertException DecodeCustom(SmartContractCustomErrorRevertException exception)
    {
        var error = KnownErrors.FirstOrDefault(exception.IsCustomErrorFor);
        if (error is null)
        {
            return new ChainRevertException(
                "UnknownError", new Dictionary<string, object?> { ["data"] = exception.ExceptionEncodedData }, exception);
        }

        var arguments = exception.DecodeErrorToDefault(error)
            .ToDictionary(p => p.Parameter.Name, p => (object?)p.Result);
        return new ChainRevertException(error.Name, arguments, exception);
    }
}
