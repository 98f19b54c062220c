# The standalone chain indexer (`medrec indexer`, Cli/), for clusters whose silos run with MedRec:Indexer:Enabled=false.
# Build from the repository root:
#   docker build -f deploy/docker/indexer.Dockerfile -t medrec/indexer .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Grains.Abstractions/MedRec.Grains.Abstractions.csproj Grains.Abstractions/
COPY Grains/MedRec.Grains.csproj Grains/
COPY ChainIndexer/MedRec.ChainIndexer.csproj ChainIndexer/
COPY Silo/MedRec.Silo.csproj Silo/
COPY Host.Api/MedRec.Host.Api.csproj Host.Api/
COPY Cli/MedRec.Cli.csproj Cli/
RUN dotnet restore Cli/MedRec.Cli.csproj
COPY Grains.Abstractions/ Grains.Abstractions/
COPY Grains/ Grains/
COPY ChainIndexer/ ChainIndexer/
COPY Silo/ Silo/
COPY Host.Api/ Host.Api/
COPY Cli/ Cli/
COPY contracts/artifacts/ contracts/artifacts/
COPY deploy/sql/ deploy/sql/
RUN dotnet publish Cli/MedRec.Cli.csproj -c Release --no-restore -o /app

# aspnet: the CLI references Host.Api (its HTTP client and the dev system).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
# The deployment file and confirmations come as options; the cluster (MedRec:Storage, Orleans ids) and the rest of
# MedRec:Indexer from the environment the orchestrator sets. Defaults for every container:
ENV MedRec__Storage__Provider=PostgreSql
ENTRYPOINT ["dotnet", "medrec.dll", "indexer"]
CMD ["--deployment", "/etc/medrec/deployment/deployment.json", "--gateway-port", "30000"]
