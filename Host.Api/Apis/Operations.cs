using MedRec.Grains.Abstractions.Writes;
using MedRec.Host.Api.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>The 202 answer of a chain write (docs/adr/0004-http-api.md).</summary>
public static class Operations
{
    public static Accepted<OperationAccepted> Accepted(string transactionHash, IReadOnlyList<PublishedPointerInfo>? pointers = null) =>
        TypedResults.Accepted($"/api/operations/{transactionHash}", new OperationAccepted(transactionHash, OperationStatuses.Pending, pointers));

    public static IChainWriterGrain ChainWriter(this IGrainFactory grains, string participant) =>
        grains.GetGrain<IChainWriterGrain>(participant.ToLowerInvariant());
}
