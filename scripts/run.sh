#!/usr/bin/env bash
# Runs MedRec on this machine (`medrec dev`): a local dev chain (anvil) with the contracts deployed, the HTTP API
# co-hosting a silo, demo data; prints the API URL and the demo identities. Ctrl-C stops everything.
# Extra arguments go to `medrec dev` (e.g. --port 0 / --api-port 0 for free ports).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build Cli/MedRec.Cli.csproj -c Release --nologo --verbosity quiet
exec dotnet Cli/bin/Release/net10.0/medrec.dll dev "$@"
