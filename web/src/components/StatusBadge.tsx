import type { RelationshipStatus } from '../api/types';

const labels: Record<RelationshipStatus, string> = {
  none: 'none',
  new: 'new',
  pendingUpdate: 'pending update',
  accepted: 'accepted',
  rejected: 'rejected',
};

export function StatusBadge({ status }: { status: RelationshipStatus }) {
  return <span class={`badge badge-${status}`} data-testid="status-badge" data-status={status}>{labels[status] ?? status}</span>;
}
