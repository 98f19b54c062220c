// The EIP-712 digest ethers computes for an AccessRequest with the page's own type (src/api/signing.ts), so a test
// can compare it with the server's (test/MedRec.Web.Tests/AccessRequestDigestTests.cs). The TypeScript module is
// transpiled with the project's compiler into node_modules/ (where 'ethers' resolves, and git ignores it).
// Input: MEDREC_VECTOR = {"domain": {...}, "message": {...}}; output: the 0x digest on one line.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { TypedDataEncoder } from 'ethers';

const source = readFileSync(new URL('../src/api/signing.ts', import.meta.url), 'utf8');
const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const directory = new URL('../node_modules/.medrec-tests/', import.meta.url);
mkdirSync(directory, { recursive: true });
const module = new URL('signing.mjs', directory);
writeFileSync(module, js);
const { accessRequestTypes } = await import(module.href);

const { domain, message } = JSON.parse(process.env.MEDREC_VECTOR ?? '');
console.log(TypedDataEncoder.hash(domain, accessRequestTypes, message));
