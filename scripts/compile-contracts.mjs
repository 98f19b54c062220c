// Compiles the Solidity sources with the solc version pinned in package.json and writes ABI + bytecode artifacts.
//   node scripts/compile-contracts.mjs          write contracts/artifacts and bench/artifacts
//   node scripts/compile-contracts.mjs --check  compile in memory; exit 1 if committed artifacts differ
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");

// Each unit compiles its own folder; bench contracts may import the production sources.
const units = [
  { sources: "contracts/src", artifacts: "contracts/artifacts" },
  { sources: "bench/contracts", artifacts: "bench/artifacts" },
];

const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "prague",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
};

function readSources(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return {};
  const sources = {};
  for (const file of fs.readdirSync(abs).filter((f) => f.endsWith(".sol")).sort()) {
    sources[`${dir}/${file}`] = { content: fs.readFileSync(path.join(abs, file), "utf8") };
  }
  return sources;
}

function findImports(importPath) {
  const abs = path.join(root, importPath);
  return fs.existsSync(abs) ? { contents: fs.readFileSync(abs, "utf8") } : { error: `not found: ${importPath}` };
}

function compile(unit) {
  const sources = readSources(unit.sources);
  if (Object.keys(sources).length === 0) return new Map();
  const input = { language: "Solidity", sources, settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  for (const e of output.errors ?? []) console.error(e.formattedMessage);
  if (errors.length > 0) process.exit(2);

  const files = new Map();
  for (const [sourceName, contracts] of Object.entries(output.contracts)) {
    // Only contracts declared in this unit's own folder become its artifacts.
    if (!sourceName.startsWith(`${unit.sources}/`)) continue;
    for (const [name, contract] of Object.entries(contracts)) {
      files.set(`${unit.artifacts}/${name}.abi.json`, JSON.stringify(contract.abi, null, 2) + "\n");
      files.set(`${unit.artifacts}/${name}.bin`, contract.evm.bytecode.object + "\n");
    }
  }
  return files;
}

let differences = 0;
for (const unit of units) {
  const files = compile(unit);
  const dir = path.join(root, unit.artifacts);
  if (check) {
    const existing = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => `${unit.artifacts}/${f}`) : [];
    for (const name of new Set([...existing, ...files.keys()])) {
      const committed = fs.existsSync(path.join(root, name)) ? fs.readFileSync(path.join(root, name), "utf8") : null;
      if (committed !== (files.get(name) ?? null)) {
        console.error(`artifact differs from a fresh compile: ${name}`);
        differences++;
      }
    }
  } else if (files.size > 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, content] of files) fs.writeFileSync(path.join(root, name), content);
    console.log(`compiled ${files.size / 2} contracts into ${unit.artifacts} with solc ${solc.version()}`);
  }
}
if (check) {
  if (differences > 0) {
    console.error(`${differences} artifact(s) differ; run: npm run compile-contracts`);
    process.exit(1);
  }
  console.log(`artifacts match a fresh compile with solc ${solc.version()}`);
}
