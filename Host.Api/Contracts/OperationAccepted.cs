using MedRec.Grains.Abstractions.Writes;

namespace MedRec.Host.Api.Contracts;

/// <summary>The 202 answer of a chain write: the transaction hash as the operation's id, its status (always
/// <c>pending</c> here) and, for record writes, the pointers the transaction publishes.</summary>
public sealed record OperationAccepted(string OperationId, string Status, IReadOnlyList<PublishedPointerInfo>? Pointers = null);
