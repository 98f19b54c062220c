# The Orleans silo (Silo/, MedRec.Silo): mirror grains, streams, gatekeepers and, unless MedRec:Indexer:Enabled=false,
# the chain indexer. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t medrec/silo .
# Configuration comes only from the environment (ConfigMap) and mounted files (Secret, deployment file) at run time.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so a source-only change reuses the restore layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Grains.Abstractions/MedRec.Grains.Abstractions.csproj Grains.Abstractions/
COPY Grains/MedRec.Grains.csproj Grains/
COPY ChainIndexer/MedRec.ChainIndexer.csproj ChainIndexer/
COPY Silo/MedRec.Silo.csproj Silo/
RUN dotnet restore Silo/MedRec.Silo.csproj
# The silo embeds deploy/sql/postgresql (its schema) and the indexer embeds contracts/artifacts (ABI + bytecode).
COPY Grains.Abstractions/ Grains.Abstractions/
COPY Grains/ Grains/
COPY ChainIndexer/ ChainIndexer/
COPY Silo/ Silo/
COPY contracts/artifacts/ contracts/artifacts/
COPY deploy/sql/ deploy/sql/
RUN dotnet publish Silo/MedRec.Silo.csproj -c Release --no-restore -o /app

# aspnet rather than runtime: the silo's service defaults reference the ASP.NET Core shared framework.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
# Defaults that hold in every container; everything deployment-specific (cluster ids, storage, provider stores) is
# set by the orchestrator. No connection string or key is baked in.
ENV MedRec__Storage__Provider=PostgreSql \
    MedRec__Indexer__DeploymentFile=/etc/medrec/deployment/deployment.json \
    Orleans__Endpoints__SiloPort=11111 \
    Orleans__Endpoints__GatewayPort=30000
EXPOSE 11111 30000
# The image's non-root user (uid 1654, "app").
USER $APP_UID
ENTRYPOINT ["dotnet", "MedRec.Silo.dll"]
