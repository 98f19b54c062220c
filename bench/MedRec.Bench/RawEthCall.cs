using System.Net.Http.Headers;
using System.Text;

namespace MedRec.Bench;

/// <summary>
/// eth_call with the calldata encoded once, beforehand, posted as ready-made JSON-RPC bytes over one kept-alive
/// HttpClient, and the answer checked for a "result" (a revert answers "error") without parsing it: what is left is
/// the JSON-RPC round trip and the node's own work. A second, stronger baseline next to Nethereum's
/// (<see cref="MedRec.ChainIndexer.Chain.ChainReader.RequireAccessAsync"/>), to see how much of an eth_call's cost is
/// the client library rather than the chain.
/// </summary>
public sealed class RawEthCall(string rpcUrl) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(rpcUrl) };

    /// <summary>The request body of an eth_call of <paramref name="calldata"/> to <paramref name="to"/> at "latest".</summary>
    public static byte[] Request(string to, byte[] calldata) => Encoding.UTF8.GetBytes(
        $$"""{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"to":"{{to}}","data":"0x{{Convert.ToHexStringLower(calldata)}}"},"latest"]}""");

    /// <summary>Posts the request; throws unless the node answered with a result (no revert).</summary>
    public async Task CallAsync(byte[] request)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync((Uri?)null, content);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode || body.AsSpan().IndexOf("\"result\""u8) < 0)
        {
            throw new InvalidOperationException($"eth_call did not return a result: {Encoding.UTF8.GetString(body)}");
        }
    }

    public void Dispose() => _http.Dispose();
}
