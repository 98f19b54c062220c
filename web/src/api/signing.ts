import { hexlify, keccak256, randomBytes, type TypedDataDomain, type Wallet } from 'ethers';
import type { DeploymentInfo } from './types';

export const ZeroAddress = '0x' + '0'.repeat(40);
export const ZeroPointer = '0x' + '0'.repeat(64);

/** How long a signed request stays valid: long enough for a slow network, well inside the server's 5-minute cap. */
const lifetimeSeconds = 120;

// EIP-712 types exactly as the server encodes them (Grains/Signing/AccessRequestHasher.cs and ApiRequestHasher.cs);
// the AccessRequest type is exported for the digest check against the server (web/tests/access-request-digest.mjs).
export const accessRequestTypes = {
  AccessRequest: [
    { name: 'asker', type: 'address' },
    { name: 'patient', type: 'address' },
    { name: 'provider', type: 'address' },
    { name: 'pointerId', type: 'bytes32' },
    { name: 'action', type: 'string' },
    { name: 'purpose', type: 'string' },
    { name: 'nonce', type: 'bytes32' },
    { name: 'expiresAt', type: 'uint64' },
  ],
};

const apiRequestTypes = {
  ApiRequest: [
    { name: 'signer', type: 'address' },
    { name: 'method', type: 'string' },
    { name: 'path', type: 'string' },
    { name: 'bodyHash', type: 'bytes32' },
    { name: 'nonce', type: 'bytes32' },
    { name: 'expiresAt', type: 'uint64' },
  ],
};

export type AccessAction = 'read' | 'read-audit';

/** Why a record is read (docs/adr/0012-purpose-of-use.md): the wire names, signed as the AccessRequest's purpose. */
export const purposes = ['treatment', 'payment', 'operations', 'research', 'emergency', 'patient-request'] as const;
export type Purpose = (typeof purposes)[number];

/** The purpose a read declares when the person names none: the patient's own records are read at the patient's request,
 * anyone else's for treatment (a break-the-glass read names 'emergency' itself). */
export function defaultPurpose(asker: string, patient: string): Purpose {
  return asker.toLowerCase() === patient.toLowerCase() ? 'patient-request' : 'treatment';
}

/** The four headers of a signed request (docs/adr/0004-http-api.md). */
export type SignedHeaders = Record<'MedRec-Signer' | 'MedRec-Nonce' | 'MedRec-Expires' | 'MedRec-Signature', string>;

/** A record read's headers: the four, and the purpose it was signed with. */
export type SignedAccessHeaders = SignedHeaders & Record<'MedRec-Purpose', Purpose>;

/** The signing domain: name MedRec, version 1, the chain and the PPR contract, so a signature is good for one deployment only. */
export function signingDomain(deployment: DeploymentInfo): TypedDataDomain {
  return { name: 'MedRec', version: '1', chainId: deployment.chainId, verifyingContract: deployment.relationships };
}

/** Signs a record read as the gatekeeper's AccessRequest; the asker is the wallet; without a purpose, the default one. */
export async function signAccessRequest(
  wallet: Wallet,
  domain: TypedDataDomain,
  read: { patient: string; provider: string; pointerId: string; action: AccessAction; purpose?: Purpose },
): Promise<SignedAccessHeaders> {
  const asker = wallet.address.toLowerCase();
  const purpose = read.purpose ?? defaultPurpose(asker, read.patient);
  const nonce = hexlify(randomBytes(32));
  const expiresAt = nowSeconds() + lifetimeSeconds;
  const signature = await wallet.signTypedData(domain, accessRequestTypes, {
    asker,
    patient: read.patient.toLowerCase(),
    provider: read.provider.toLowerCase(),
    pointerId: read.pointerId.toLowerCase(),
    action: read.action,
    purpose,
    nonce,
    expiresAt,
  });
  return { ...headers(asker, nonce, expiresAt, signature), 'MedRec-Purpose': purpose };
}

/** Signs any other request as ApiRequest over the method, the path and query exactly as sent, and the body's bytes. */
export async function signApiRequest(
  wallet: Wallet,
  domain: TypedDataDomain,
  method: string,
  pathAndQuery: string,
  body: Uint8Array,
): Promise<SignedHeaders> {
  const signer = wallet.address.toLowerCase();
  const nonce = hexlify(randomBytes(32));
  const expiresAt = nowSeconds() + lifetimeSeconds;
  const signature = await wallet.signTypedData(domain, apiRequestTypes, {
    signer,
    method,
    path: pathAndQuery,
    bodyHash: keccak256(body),
    nonce,
    expiresAt,
  });
  return headers(signer, nonce, expiresAt, signature);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function headers(signer: string, nonce: string, expiresAt: number, signature: string): SignedHeaders {
  return {
    'MedRec-Signer': signer,
    'MedRec-Nonce': nonce,
    'MedRec-Expires': String(expiresAt),
    'MedRec-Signature': signature,
  };
}
