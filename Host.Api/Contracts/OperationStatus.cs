namespace MedRec.Host.Api.Contracts;

/// <summary>GET /api/operations/{hash}: <see cref="Status"/> is one of <see cref="OperationStatuses"/>;
/// <see cref="Block"/> the block that mined it; <see cref="Error"/> the decoded custom error of a failed one.</summary>
public sealed record OperationStatus(string OperationId, string Status, ulong? Block, string? Error);
