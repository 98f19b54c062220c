#!/usr/bin/env bash
# Runs MedRec on this machine: a local dev chain (anvil) with the contracts deployed; Ctrl-C stops everything.
# Extra arguments go to `medrec dev` (e.g. --port 0 for a free port).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build Cli/MedRec.Cli.csproj -c Release --nologo --verbosity quiet
exec dotnet Cli/bin/Release/net10.0/medrec.dll dev "$@"
