import type { MedRecApi } from './client';
import { ApiError, ClientProblemCodes } from './problems';
import type { OperationAccepted, OperationStatus } from './types';

/** How long the app follows one chain write before telling the person to look again later. */
const followForMs = 120_000;

/**
 * Follows a 202's operation until the mirror has applied it (or it failed), reporting every state on the way. The
 * server holds each poll up to `waitSeconds`, so this is long polling, not a tight loop.
 */
export async function followOperation(
  api: MedRecApi,
  accepted: OperationAccepted,
  onProgress: (status: OperationStatus) => void,
): Promise<OperationStatus> {
  const deadline = Date.now() + followForMs;
  let status: OperationStatus = { operationId: accepted.operationId, status: accepted.status, block: null, error: null };
  onProgress(status);
  while (status.status !== 'applied') {
    if (Date.now() > deadline) throw new ApiError(0, ClientProblemCodes.operationTimeout, {});
    status = await api.operation(accepted.operationId, 5);
    onProgress(status);
    if (status.status === 'failed') {
      throw new ApiError(409, ClientProblemCodes.operationFailed, { error: status.error ?? undefined });
    }
  }
  return status;
}
