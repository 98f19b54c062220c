using System.Collections.Concurrent;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nethereum.Signer;

namespace MedRec.Host.Api.Tests.Client;

/// <summary>WaitForAppliedAsync long-polls GET /api/operations/{hash}; each poll must end before the client's own
/// HttpClient timeout, or a slow mirror would surface as a cancelled request instead of another poll.</summary>
public sealed class WaitForAppliedTests
{
    private const string Hash = "0x1111111111111111111111111111111111111111111111111111111111111111";

    [Theory]
    [InlineData(10, 7)]
    [InlineData(100, 30)]
    public async Task Each_poll_asks_the_server_to_wait_less_than_the_client_timeout(int clientTimeoutSeconds, int expectedWait)
    {
        var waits = new ConcurrentQueue<int>();
        await using var app = await LoopbackApp.StartAsync(
            new Dictionary<string, string?>(),
            _ => { },
            web => web.MapGet("/api/operations/{hash}", (string hash, int waitSeconds) =>
            {
                waits.Enqueue(waitSeconds);
                var status = waits.Count < 3 ? OperationStatuses.Pending : OperationStatuses.Applied;
                return TypedResults.Ok(new OperationStatus(hash, status, 7, null));
            }));
        using var http = new HttpClient { BaseAddress = app.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(clientTimeoutSeconds) };
        var client = new MedRecApiClient(http, EthECKey.GenerateKey());

        var status = await client.WaitForAppliedAsync(Hash, TimeSpan.FromSeconds(120));

        Assert.Equal(OperationStatuses.Applied, status.Status);
        Assert.Equal([expectedWait, expectedWait, expectedWait], waits.ToArray());
    }
}
