// The JSON shapes of Host.Api (docs/adr/0004-http-api.md; camelCase, enums as camelCase strings).

export type Address = string;
export type Hex32 = string;

export interface DeploymentInfo {
  chainId: number;
  registrar: Address;
  summary: Address;
  relationships: Address;
  deploymentBlock: number;
}

export interface ParticipantInfo {
  address: Address;
  role: string;
  registered: boolean;
  identityHash: string | null;
  endpoint: string | null;
  revoked: boolean;
}

/** A purpose of use (docs/adr/0012-purpose-of-use.md); a grant covers a set of them, listed in bit order. */
export type Purpose = 'treatment' | 'payment' | 'operations' | 'research' | 'emergency' | 'patient-request';

export type RelationshipStatus = 'none' | 'new' | 'pendingUpdate' | 'accepted' | 'rejected';

export interface PointerView {
  pointerId: Hex32;
  queryCommitment: Hex32;
  dataHash: Hex32;
  version: number;
}

export interface GrantView {
  pointerId: Hex32;
  viewer: Address;
  expiresAt: number;
  purposes: Purpose[];
}

export interface RelationshipView {
  patient: Address;
  provider: Address;
  status: RelationshipStatus;
  pointers: PointerView[];
  grants: GrantView[];
}

export interface PatientSummary {
  patient: Address;
  registered: boolean;
  researchConsent: boolean;
  relationships: RelationshipView[];
}

export interface GrantInfo {
  provider: Address;
  pointerId: Hex32;
  viewer: Address;
  expiresAt: number;
  purposes: Purpose[];
}

export interface GrantRequest {
  viewer: Address;
  provider: Address;
  pointerId: Hex32;
  expiresAt: number;
  /** None or empty: all six. */
  purposes?: Purpose[];
}

export interface PublishedPointerInfo {
  pointerId: Hex32;
  dataHash: Hex32;
  recordCount: number;
}

export interface OperationAccepted {
  operationId: Hex32;
  status: OperationState;
  pointers?: PublishedPointerInfo[] | null;
}

export type OperationState = 'pending' | 'mined' | 'applied' | 'failed';

export interface OperationStatus {
  operationId: Hex32;
  status: OperationState;
  block: number | null;
  error: string | null;
}

export type ProviderOutcome = 'ok' | 'denied' | 'timedOut' | 'integrityFailed' | 'unavailable';
export type IntegrityVerdict = 'verified' | 'dataHashMismatch' | 'queryMismatch';

export interface PointerAnswer {
  pointerId: Hex32;
  version: number;
  verdict: IntegrityVerdict;
  chainDataHash: Hex32;
  computedDataHash: Hex32 | null;
  recordCount: number;
  bundleJson: string;
}

export interface GatekeeperAnswer {
  provider: Address;
  outcome: ProviderOutcome;
  reason: string | null;
  pointers: PointerAnswer[];
}

export interface HistoryAnswer {
  patient: Address;
  providers: GatekeeperAnswer[];
  recordCount: number;
  bundleJson: string;
}

export interface AuditEntry {
  id: string;
  time: string;
  provider: Address;
  patient: Address;
  asker: Address;
  pointerId: Hex32;
  action: string;
  granted: boolean;
  reason: string;
  requestHash: string;
  /** The declared purpose's wire name (docs/adr/0012-purpose-of-use.md); 'undeclared' for entries from before purposes. */
  purpose: string;
}

export interface AuditTrailOutcome {
  provider: Address;
  outcome: ProviderOutcome;
  reason: string | null;
  entries: number;
}

export interface AuditAnswer {
  patient: Address;
  providers: AuditTrailOutcome[];
  entries: AuditEntry[];
}

/** An RFC 9457 ProblemDetails with MedRec's stable `code` extension member. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  reason?: string;
  error?: string;
  [extension: string]: unknown;
}

/** One break-the-glass window opened on a patient (chain times in unix seconds; closedAt 0 while not closed). */
export interface EmergencyWindow {
  provider: Address;
  justificationCommitment: Hex32;
  openedAt: number;
  expiresAt: number;
  closedAt: number;
}

export interface EmergencyAccessView {
  patient: Address;
  windows: EmergencyWindow[];
}

/** A pointer at time `at`: its version then, the viewers whose grants were in force, every audited access up to `at`. */
export interface PointerAccessView {
  pointerId: Hex32;
  version: number;
  viewers: GrantView[];
  accesses: AuditEntry[];
}

/** One provider at time `at`: the relationship's status then; accesses not to one of its pointers in otherAccesses. */
export interface ProviderAccessView {
  provider: Address;
  status: RelationshipStatus;
  pointers: PointerAccessView[];
  otherAccesses: AuditEntry[];
}

/** GET /api/patients/{p}/access-view?at=T: who could read what at T (chain state as of `block`), and who did. */
export interface AccessViewAnswer {
  patient: Address;
  at: string;
  block: number;
  blockHash: Hex32;
  blockTime: string;
  providers: ProviderAccessView[];
  auditProviders: AuditTrailOutcome[];
}
