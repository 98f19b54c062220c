// The cost of signing one request in the page: ethers 6 signTypedData of an AccessRequest (the same work for an
// ApiRequest plus one keccak of the body). `npm run bench:signing` in web/; prints ms per signature.
import { Wallet, hexlify, randomBytes } from 'ethers';
const w = Wallet.createRandom();
const domain = { name: 'MedRec', version: '1', chainId: 31337, verifyingContract: '0x' + '11'.repeat(20) };
const types = { AccessRequest: [ { name: 'asker', type: 'address' }, { name: 'patient', type: 'address' }, { name: 'provider', type: 'address' }, { name: 'pointerId', type: 'bytes32' }, { name: 'action', type: 'string' }, { name: 'purpose', type: 'string' }, { name: 'nonce', type: 'bytes32' }, { name: 'expiresAt', type: 'uint64' } ] };
const v = () => ({ asker: w.address, patient: '0x' + '22'.repeat(20), provider: '0x' + '33'.repeat(20), pointerId: hexlify(randomBytes(32)), action: 'read', purpose: 'treatment', nonce: hexlify(randomBytes(32)), expiresAt: 1e9 });
for (let i = 0; i < 20; i++) await w.signTypedData(domain, types, v());
const n = 300, t = performance.now();
for (let i = 0; i < n; i++) await w.signTypedData(domain, types, v());
const ms = (performance.now() - t) / n;
console.log(`ethers signTypedData(AccessRequest): ${ms.toFixed(2)} ms per signature (${(1000 / ms).toFixed(0)}/s), n=${n}`);
