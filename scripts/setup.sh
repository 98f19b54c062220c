#!/usr/bin/env bash
# Installs what MedRec.Orleans needs on a fresh machine: the pinned npm tools (solc, anvil) and the NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: Node.js with npm is required" >&2; exit 1; }

# package-lock.json pins solc and @foundry-rs/anvil exactly; skip the reinstall when nothing changed.
if ! cmp -s package-lock.json node_modules/.medrec-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.medrec-lock
fi

anvil_bin="node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
case "$(uname -s)-$(uname -m)" in
  Linux-aarch64) anvil_bin="node_modules/@foundry-rs/anvil-linux-arm64/bin/anvil" ;;
  Darwin-arm64) anvil_bin="node_modules/@foundry-rs/anvil-darwin-arm64/bin/anvil" ;;
  Darwin-x86_64) anvil_bin="node_modules/@foundry-rs/anvil-darwin-amd64/bin/anvil" ;;
esac
[ -x "$anvil_bin" ] || chmod +x "$anvil_bin" 2>/dev/null || true
"$anvil_bin" --version >/dev/null || { echo "error: anvil did not install ($anvil_bin)" >&2; exit 1; }

dotnet restore MedRec.Orleans.sln --verbosity quiet
