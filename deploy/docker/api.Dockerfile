# The API host (Host.Api) as an Orleans client of the silo cluster (MedRec:Api:Silo=Client), also serving the web
# front end (web/dist) built in the node stage. Build from the repository root:
#   docker build -f deploy/docker/api.Dockerfile -t medrec/api .
FROM node:22-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Grains.Abstractions/MedRec.Grains.Abstractions.csproj Grains.Abstractions/
COPY Grains/MedRec.Grains.csproj Grains/
COPY ChainIndexer/MedRec.ChainIndexer.csproj ChainIndexer/
COPY Silo/MedRec.Silo.csproj Silo/
COPY Host.Api/MedRec.Host.Api.csproj Host.Api/
RUN dotnet restore Host.Api/MedRec.Host.Api.csproj
COPY Grains.Abstractions/ Grains.Abstractions/
COPY Grains/ Grains/
COPY ChainIndexer/ ChainIndexer/
COPY Silo/ Silo/
COPY Host.Api/ Host.Api/
COPY contracts/artifacts/ contracts/artifacts/
COPY deploy/sql/ deploy/sql/
RUN dotnet publish Host.Api/MedRec.Host.Api.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
COPY --from=web /web/dist ./web/dist
# Client mode: the grains run in the silos; this host only reaches them through a gateway found in the ADO.NET
# membership table (MedRec:Storage). The web root is set explicitly: there is no repository checkout to search.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    MedRec__Api__Silo=Client \
    MedRec__Storage__Provider=PostgreSql \
    MedRec__Indexer__DeploymentFile=/etc/medrec/deployment/deployment.json \
    MedRec__WebUi__Root=/app/web/dist
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "MedRec.Host.Api.dll"]
