import type { TypedDataDomain, Wallet } from 'ethers';
import { ApiError, ClientProblemCodes } from './problems';
import { signAccessRequest, signApiRequest, signingDomain, ZeroAddress, ZeroPointer, type AccessAction, type Purpose } from './signing';
import type {
  AccessViewAnswer, AuditAnswer, DeploymentInfo, EmergencyAccessView, GatekeeperAnswer, GrantInfo, GrantRequest, HistoryAnswer, OperationAccepted,
  OperationStatus, ParticipantInfo, PatientSummary, ProblemDetails, RelationshipView,
} from './types';

/**
 * Host.Api over fetch, from the same origin that serves the app. Every request that touches a patient's data is
 * signed in the browser with the signed-in key; the key never leaves the page.
 */
export class MedRecApi {
  private domain: Promise<TypedDataDomain> | undefined;

  constructor(
    private readonly wallet: Wallet | null,
    private readonly baseUrl = '',
  ) {}

  deployment(): Promise<DeploymentInfo> {
    return this.send<DeploymentInfo>('GET', '/api/deployment');
  }

  participant(address: string): Promise<ParticipantInfo> {
    return this.send('GET', `/api/participants/${lower(address)}`);
  }

  operation(operationId: string, waitSeconds: number): Promise<OperationStatus> {
    return this.send('GET', `/api/operations/${lower(operationId)}?waitSeconds=${waitSeconds}`);
  }

  // The patient (ApiRequest, signed by the patient).
  summary(patient: string): Promise<PatientSummary> {
    return this.signed('GET', `/api/patients/${lower(patient)}/summary`);
  }

  setRelationship(patient: string, provider: string, accept: boolean): Promise<OperationAccepted> {
    return this.signed('POST', `/api/patients/${lower(patient)}/relationships/${lower(provider)}/${accept ? 'accept' : 'reject'}`);
  }

  grants(patient: string): Promise<GrantInfo[]> {
    return this.signed('GET', `/api/patients/${lower(patient)}/grants`);
  }

  grant(patient: string, grant: GrantRequest): Promise<OperationAccepted> {
    return this.signed('POST', `/api/patients/${lower(patient)}/grants`, {
      viewer: lower(grant.viewer), provider: lower(grant.provider), pointerId: lower(grant.pointerId), expiresAt: grant.expiresAt,
      ...(grant.purposes && grant.purposes.length > 0 ? { purposes: grant.purposes } : {}),
    });
  }

  revoke(patient: string, provider: string, pointerId: string, viewer: string): Promise<OperationAccepted> {
    return this.signed('DELETE', `/api/patients/${lower(patient)}/grants/${lower(provider)}/${lower(pointerId)}/${lower(viewer)}`);
  }

  setResearchConsent(patient: string, consent: boolean): Promise<OperationAccepted> {
    return this.signed('PUT', `/api/patients/${lower(patient)}/research-consent`, { consent });
  }

  addPatientRecords(patient: string, resources: object[]): Promise<OperationAccepted> {
    return this.signed('POST', `/api/patients/${lower(patient)}/records`, { resources });
  }

  /** Every break-the-glass window opened on the patient. */
  emergencyAccess(patient: string): Promise<EmergencyAccessView> {
    return this.signed('GET', `/api/patients/${lower(patient)}/emergency-access`);
  }

  closeEmergencyAccess(patient: string, provider: string): Promise<OperationAccepted> {
    return this.signed('DELETE', `/api/patients/${lower(patient)}/emergency-access/${lower(provider)}`);
  }

  // The provider (ApiRequest, signed by the provider).
  /** Breaks the glass: a time-limited window on the patient; only the salted hash of the justification goes on chain. */
  openEmergencyAccess(provider: string, patient: string, justification: string, minutes: number): Promise<OperationAccepted> {
    return this.signed('POST', `/api/providers/${lower(provider)}/emergency-access`, { patient: lower(patient), justification, minutes });
  }

  addProviderRecords(provider: string, patient: string, resources: object[]): Promise<OperationAccepted> {
    return this.signed('POST', `/api/providers/${lower(provider)}/records`, { patient: lower(patient), resources });
  }

  relationship(provider: string, patient: string): Promise<RelationshipView> {
    return this.signed('GET', `/api/providers/${lower(provider)}/patients/${lower(patient)}`);
  }

  // Record reads (AccessRequest, verified by the gatekeepers themselves), each declaring a purpose (ADR 0012);
  // without one, patient-request for the patient's own records and treatment for anyone else's.
  readPointer(patient: string, provider: string, pointerId: string, purpose?: Purpose): Promise<GatekeeperAnswer> {
    return this.read(`/api/patients/${lower(patient)}/providers/${lower(provider)}/pointers/${lower(pointerId)}`,
      { patient, provider, pointerId, action: 'read', purpose });
  }

  readProviderRecords(patient: string, provider: string, purpose?: Purpose): Promise<GatekeeperAnswer> {
    return this.read(`/api/patients/${lower(patient)}/providers/${lower(provider)}/records`,
      { patient, provider, pointerId: ZeroPointer, action: 'read', purpose });
  }

  history(patient: string, purpose?: Purpose): Promise<HistoryAnswer> {
    return this.read(`/api/patients/${lower(patient)}/history`, { patient, provider: ZeroAddress, pointerId: ZeroPointer, action: 'read', purpose });
  }

  audit(patient: string, limit = 200): Promise<AuditAnswer> {
    return this.read(`/api/patients/${lower(patient)}/audit?limit=${limit}`,
      { patient, provider: ZeroAddress, pointerId: ZeroPointer, action: 'read-audit' });
  }

  /** Who could read what about the patient at `at`, and who did (the patient only; signed as the audit read). */
  accessView(patient: string, at: Date): Promise<AccessViewAnswer> {
    return this.read(`/api/patients/${lower(patient)}/access-view?at=${encodeURIComponent(at.toISOString())}`,
      { patient, provider: ZeroAddress, pointerId: ZeroPointer, action: 'read-audit' });
  }

  /** An audit entry about the patient with its Merkle inclusion proof, as JSON for `medrec verify-audit-proof --file`
   * (409 audit-entry-not-anchored until its provider anchored it). */
  auditProof(patient: string, entryId: string): Promise<unknown> {
    return this.read(`/api/patients/${lower(patient)}/audit/${encodeURIComponent(entryId)}/proof`,
      { patient, provider: ZeroAddress, pointerId: ZeroPointer, action: 'read-audit' });
  }

  private signingDomain(): Promise<TypedDataDomain> {
    // Cached per client; a failed look-up is not cached, so the next call retries.
    this.domain ??= this.deployment().then(signingDomain, (error: unknown) => {
      this.domain = undefined;
      throw error;
    });
    return this.domain;
  }

  private requireWallet(): Wallet {
    if (!this.wallet) throw new ApiError(401, 'signature-missing', {});
    return this.wallet;
  }

  private async read<T>(
    path: string, read: { patient: string; provider: string; pointerId: string; action: AccessAction; purpose?: Purpose },
  ): Promise<T> {
    const headers = await signAccessRequest(this.requireWallet(), await this.signingDomain(), read);
    return this.send<T>('GET', path, undefined, headers);
  }

  private async signed<T>(method: string, path: string, body?: object): Promise<T> {
    const bytes = body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body));
    const headers = await signApiRequest(this.requireWallet(), await this.signingDomain(), method, path, bytes);
    return this.send<T>(method, path, body === undefined ? undefined : bytes, headers);
  }

  private async send<T>(method: string, path: string, body?: Uint8Array, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        // The exact bytes that were hashed for the signature go on the wire.
        body: body as BodyInit | undefined,
        headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      });
    } catch {
      throw new ApiError(0, ClientProblemCodes.network, {});
    }

    const text = await response.text();
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(response.status, response.ok ? ClientProblemCodes.notJson : `http-${response.status}`, { status: response.status });
    }

    if (!response.ok) {
      const problem = (json ?? {}) as ProblemDetails;
      const code = typeof problem.code === 'string' ? problem.code : codeFromType(problem.type) ?? `http-${response.status}`;
      throw new ApiError(response.status, code, problem);
    }
    return json as T;
  }
}

function lower(value: string): string {
  return value.trim().toLowerCase();
}

function codeFromType(type: string | undefined): string | undefined {
  const prefix = 'urn:medrec:problem:';
  return type?.startsWith(prefix) ? type.slice(prefix.length) : undefined;
}
