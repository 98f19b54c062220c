import { Wallet } from 'ethers';

/**
 * The browser's key ring: private keys live in this browser's localStorage only, never on the server. Each app
 * (patient view, physician app) remembers which key it is signed in with.
 */
export interface StoredKey {
  label: string;
  address: string;
  privateKey: string;
}

export type AppName = 'patient' | 'physician';

const ringKey = 'medrec.keys.v1';
const signedInKey = (app: AppName) => `medrec.signed-in.${app}`;

export function loadKeys(): StoredKey[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(ringKey) ?? '[]');
    return Array.isArray(parsed) ? (parsed as StoredKey[]).filter(k => typeof k.privateKey === 'string') : [];
  } catch {
    return [];
  }
}

function saveKeys(keys: StoredKey[]): void {
  localStorage.setItem(ringKey, JSON.stringify(keys));
}

/** Adds (or relabels) a key; answers the stored entry. Throws on a malformed private key. */
export function addKey(privateKey: string, label: string): StoredKey {
  const hex = privateKey.trim().startsWith('0x') ? privateKey.trim() : `0x${privateKey.trim()}`;
  const wallet = new Wallet(hex);
  const entry: StoredKey = { label: label.trim() || shortAddress(wallet.address), address: wallet.address.toLowerCase(), privateKey: wallet.privateKey };
  saveKeys([...loadKeys().filter(k => k.address !== entry.address), entry]);
  return entry;
}

export function generateKey(label: string): StoredKey {
  return addKey(Wallet.createRandom().privateKey, label);
}

/**
 * Imports the dev system's identities file (a JSON array of { role, name, address, privateKey }), so a demo can
 * sign in as its patients and providers. Answers how many keys were added.
 */
export function importIdentities(json: string): number {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('The file is not a list of identities.');
  let added = 0;
  for (const item of parsed as Array<Record<string, unknown>>) {
    if (typeof item.privateKey !== 'string') continue;
    const label = [item.role, item.name].filter(v => typeof v === 'string' && v.length > 0).join(': ');
    addKey(item.privateKey, label);
    added++;
  }
  if (added === 0) throw new Error('The file holds no private keys.');
  return added;
}

export function removeKey(address: string): void {
  saveKeys(loadKeys().filter(k => k.address !== address.toLowerCase()));
  for (const app of ['patient', 'physician'] as const) {
    if (localStorage.getItem(signedInKey(app)) === address.toLowerCase()) localStorage.removeItem(signedInKey(app));
  }
}

export function signedIn(app: AppName): StoredKey | undefined {
  const address = localStorage.getItem(signedInKey(app));
  return loadKeys().find(k => k.address === address);
}

export function signIn(app: AppName, address: string | null): void {
  if (address) localStorage.setItem(signedInKey(app), address.toLowerCase());
  else localStorage.removeItem(signedInKey(app));
}

export function walletOf(key: StoredKey): Wallet {
  return new Wallet(key.privateKey);
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
