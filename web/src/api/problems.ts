import type { ProblemDetails } from './types';

/**
 * An error answer of the API (or of the way to it), carrying the stable code clients branch on. The message shown to
 * people comes from {@link describeProblem}, never from the server's title, so every code reads the same everywhere.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly problem: ProblemDetails,
  ) {
    super(describeProblem(code, problem));
    this.name = 'ApiError';
  }

  /** The extension member that refines the code: the gatekeeper's reason, or the contract's custom error. */
  get refinement(): string | undefined {
    return typeof this.problem.reason === 'string'
      ? this.problem.reason
      : typeof this.problem.error === 'string'
        ? this.problem.error
        : undefined;
  }
}

/** Client-side codes for failures that never reached the API's error handler. */
export const ClientProblemCodes = {
  network: 'network-error',
  notJson: 'unexpected-answer',
  operationFailed: 'operation-failed',
  operationTimeout: 'operation-timeout',
} as const;

// Why a read was refused (the `reason` of access-denied, and a provider's reason in a whole-history answer).
const accessReasons: Record<string, string> = {
  'no-grant': 'You have no grant for these records. Ask the patient to share them with your address.',
  'grant-expired': 'Your access to these records has expired. Ask the patient to share them again.',
  'purpose-not-granted': 'The patient shared these records with you, but not for the purpose you gave. Read them for a purpose the patient allowed, or ask the patient to allow this one.',
  'not-the-patient': 'Only the patient may read this (for example the audit trail).',
  'provider-not-in-summary': 'This provider is not in the patient\'s summary.',
  'pointer-unknown': 'The chain knows no such records for this patient at this provider.',
  'request-wrong-provider': 'The request was signed for another provider.',
  'request-wrong-action': 'The request was signed for another action.',
  'request-replayed': 'This request was already used once; please try again.',
  'integrity-failed': 'Records failed the integrity check against the chain and were withheld.',
  'store-unavailable': 'The provider\'s database could not be reached.',
  'deadline-exceeded': 'The provider did not answer in time.',
  'signature-mismatch': 'The signature does not match the signer; sign in again.',
  'signature-malformed': 'The request\'s signature is malformed.',
  'request-expired': 'The signed request expired before it arrived. Check your computer\'s clock and try again.',
  'request-expiry-too-far': 'The signed request is valid for too long. Check your computer\'s clock.',
  'request-malformed': 'The signed request is malformed.',
};

// The contract's custom errors (chain-revert's `error`): what the person can do about each.
const contractErrors: Record<string, string> = {
  ExpiryInPast: 'The expiry is in the past; pick a later date.',
  ViewerIsPatient: 'You cannot share records with yourself.',
  UnknownViewer: 'The viewer address is not registered with MedRec.',
  UnknownPatient: 'The patient address is not registered with MedRec.',
  NotActiveProvider: 'This provider is not (or no longer) registered.',
  GrantNotFound: 'There is no such grant (it may have been revoked already).',
  GrantExpired: 'That grant has already expired.',
  PointerNotFound: 'The chain knows no such records for this patient at this provider.',
  RelationshipNotFound: 'There is no relationship with this provider.',
  StatusUnchanged: 'The relationship already has this status.',
  NotPatient: 'Only the patient may do this.',
  AlreadyRegistered: 'This address is already registered.',
  EmptyBatch: 'There was nothing to publish.',
  EmptyCommitment: 'An emergency access needs a justification.',
  InvalidDuration: 'Emergency access lasts from 1 minute to 24 hours.',
  NoOpenEmergencyAccess: 'This provider has no open emergency access to your records.',
};

const messages: Record<string, string> = {
  'malformed-json': 'The request was not understood (malformed JSON). This is a bug in the app; please report it.',
  'unknown-member': 'The request had a field the API does not know. This is a bug in the app; please report it.',
  'invalid-argument': 'A value is not in the expected format (addresses are 0x followed by 40 hex digits).',
  'invalid-fhir': 'The record is not valid FHIR R4; check the fields you filled in.',
  'query-rejected': 'The provider refused the record\'s query.',
  'signature-missing': 'The request was not signed. Sign in with your key first.',
  'signature-malformed': accessReasons['signature-malformed']!,
  'signature-mismatch': accessReasons['signature-mismatch']!,
  'request-expired': accessReasons['request-expired']!,
  'request-expiry-too-far': accessReasons['request-expiry-too-far']!,
  'request-malformed': accessReasons['request-malformed']!,
  'request-replayed': accessReasons['request-replayed']!,
  'wrong-signer': 'You are signed in with a key that may not do this here (it belongs to another participant).',
  'no-custody-key': 'MedRec holds no transaction key for your address, so it cannot write to the chain for you. Use a demo identity.',
  'access-denied': 'Access denied.',
  'not-found': 'Not found.',
  'patient-unknown': 'MedRec knows no registered patient with this address (or no relationship with this patient yet). A new key must be registered as a patient first.',
  'provider-unknown': 'MedRec knows no such provider.',
  'participant-unknown': 'MedRec knows no participant with this address.',
  'pointer-unknown': accessReasons['pointer-unknown']!,
  'operation-unknown': 'The chain knows no such transaction.',
  'audit-entry-unknown': 'No provider of yours holds an audit entry with this id about you.',
  'audit-entry-not-anchored': 'This audit entry is not anchored on the chain yet; providers anchor their audit logs periodically. Try again later.',
  'emergency-access-unavailable': 'This MedRec deployment has no emergency (break-the-glass) access; it must be redeployed to offer it.',
  'patient-records-disabled': 'This MedRec installation does not keep patient-reported records.',
  'method-not-allowed': 'The API does not allow this here. This is a bug in the app; please report it.',
  'chain-revert': 'The chain refused the change.',
  'body-too-large': 'The request is too large; send fewer records at once.',
  'too-many-requests': 'Too many requests in a short time; wait a moment and try again.',
  'unsupported-media-type': 'The request was not sent as JSON. This is a bug in the app; please report it.',
  'store-unavailable': accessReasons['store-unavailable']!,
  'deadline-exceeded': accessReasons['deadline-exceeded']!,
  'not-a-researcher': 'Only a researcher registered by a certifying authority may run research queries.',
  'research-quota-exceeded': 'Your research query quota is used up for now; it grows with your validator\'s share of sealed blocks. Try again later.',
  'cluster-unavailable': 'A MedRec server failed while answering. Please try again in a moment (check first whether a change you made went through).',
  'internal-error': 'Something went wrong inside MedRec; the error was logged. Please try again later.',
  [ClientProblemCodes.network]: 'MedRec could not be reached. Check your connection and that the server is running.',
  [ClientProblemCodes.notJson]: 'MedRec answered with something the app does not understand.',
  [ClientProblemCodes.operationFailed]: 'The chain transaction failed.',
  [ClientProblemCodes.operationTimeout]: 'The change was sent but has not shown up yet; check again in a moment.',
};

/** A sentence for a person: what happened and, where possible, what to do. */
export function describeProblem(code: string, problem: ProblemDetails = {}): string {
  const base = messages[code] ?? `The request failed (${problem.status ?? 'error'} ${code}).`;
  if ((code === 'access-denied') && typeof problem.reason === 'string') {
    return accessReasons[problem.reason] ?? `${base} (${problem.reason})`;
  }
  if ((code === 'chain-revert' || code === ClientProblemCodes.operationFailed) && typeof problem.error === 'string') {
    const name = problem.error.replace(/\(.*$/, '');
    return `${base} ${contractErrors[name] ?? `(${problem.error})`}`;
  }
  if (code === 'query-rejected' && typeof problem.reason === 'string') return `${base} (${problem.reason})`;
  return base;
}

/** The sentence for one provider's refusal inside a whole-history or audit answer. */
export function describeReason(reason: string | null | undefined): string {
  if (!reason) return '';
  return accessReasons[reason] ?? reason;
}

/** Every code the app has a message for (the test checks it covers the API's ProblemCodes). */
export const knownProblemCodes = Object.keys(messages);
