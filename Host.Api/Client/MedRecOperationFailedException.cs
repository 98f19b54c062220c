using MedRec.Host.Api.Contracts;

namespace MedRec.Host.Api.Client;

/// <summary>A tracked chain write was mined and reverted (<see cref="OperationStatus.Error"/> names the custom error).</summary>
public sealed class MedRecOperationFailedException(OperationStatus status)
    : Exception($"Operation {status.OperationId} failed on chain: {status.Error}")
{
    public OperationStatus Status { get; } = status;
}
