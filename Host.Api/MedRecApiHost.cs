using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Grains.Alerts;
using MedRec.Grains.Signing;
using MedRec.Grains.Writes;
using MedRec.Host.Api.Apis;
using MedRec.Host.Api.Operations;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using MedRec.Host.Api.WebUi;
using MedRec.Silo;
using MedRec.Silo.Dashboard;
using MedRec.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nethereum.Web3;

namespace MedRec.Host.Api;

/// <summary>The composition of the API host: Program.cs, the tests and `medrec dev` all build it here.</summary>
public static class MedRecApiHost
{
    /// <summary>The API host, configured from <paramref name="args"/>, the usual sources and then <paramref name="settings"/>
    /// (which win); not started.</summary>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);

        // Service defaults first: they switch on Orleans' distributed tracing in the configuration UseOrleans reads.
        builder.AddMedRecApiDefaults();
        builder.AddMedRecApi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMedRecApiDefaults();
        app.UseMedRecWebUi();
        app.MapMedRecApi();
        return app;
    }

    /// <summary>Orleans (a co-hosted silo or a client, <see cref="MedRecApiOptions.Silo"/>) and the API's services.</summary>
    public static WebApplicationBuilder AddMedRecApi(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var section = configuration.GetSection(MedRecApiOptions.Section);
        var options = section.Get<MedRecApiOptions>() ?? new MedRecApiOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var services = builder.Services;
        services.AddOptions<MedRecApiOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PatientRecordsOptions>().Bind(configuration.GetSection(PatientRecordsOptions.Section));

        // The deployment (chain, contracts) every part reads: from the indexer's deployment file.
        services.TryAddSingleton(_ =>
        {
            var indexer = new ChainIndexerOptions();
            configuration.GetSection(ChainIndexerOptions.Section).Bind(indexer);
            return DeploymentFile.Read(indexer.DeploymentFile);
        });
        services.TryAddSingleton(sp =>
        {
            var deployment = sp.GetRequiredService<Deployment>();
            return new AccessRequestDomain((ulong)deployment.ChainId, deployment.Contracts.Relationships.ToLowerInvariant());
        });

        if (options.Silo == ApiSiloMode.CoHosted)
        {
            builder.UseOrleans(silo =>
            {
                silo.AddMedRecStorage(configuration).AddChainEventStreams(configuration).AddMedRecDashboard(configuration);
                var storage = configuration.GetSection(SiloStorageOptions.SectionName).Get<SiloStorageOptions>() ?? new SiloStorageOptions();
                if (storage.Provider == SiloStorageProvider.Memory)
                {
                    silo.ConfigureEndpoints(IPAddress.Loopback, PortOrFree(options.SiloPort), PortOrFree(options.GatewayPort));
                }
            });
            services.AddChainIndexer(configuration);
            services.AddMedRecAccess(configuration);
            services.AddMedRecAlerts();
            services.AddMedRecChainWriters(configuration);
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                var storage = configuration.GetSection(SiloStorageOptions.SectionName).Get<SiloStorageOptions>() ?? new SiloStorageOptions();
                if (storage.Provider == SiloStorageProvider.PostgreSql)
                {
                    client.UseAdoNetClustering(clustering =>
                    {
                        clustering.Invariant = SiloStorageOptions.NpgsqlInvariant;
                        clustering.ConnectionString = storage.ConnectionString;
                    });
                }
                else
                {
                    // UseLocalhostClustering sets the cluster's ids itself ("dev" unless told): pass the Orleans section's.
                    client.UseLocalhostClustering(options.GatewayPort,
                        configuration["Orleans:ServiceId"] ?? "dev", configuration["Orleans:ClusterId"] ?? "dev");
                }
            });
            services.TryAddKeyedSingleton(AccessServiceCollectionExtensions.ClockKey, TimeProvider.System);
            services.AddOptions<AccessRequestVerifierOptions>().Bind(configuration.GetSection(AccessServiceCollectionExtensions.GatekeeperSection));
            services.TryAddSingleton(sp => new AccessRequestVerifier(
                sp.GetRequiredService<AccessRequestDomain>(), sp.GetRequiredKeyedService<TimeProvider>(AccessServiceCollectionExtensions.ClockKey),
                sp.GetRequiredService<IOptions<AccessRequestVerifierOptions>>().Value));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ApiRequestVerifier(
            sp.GetRequiredService<AccessRequestDomain>(), sp.GetRequiredKeyedService<TimeProvider>(AccessServiceCollectionExtensions.ClockKey),
            sp.GetRequiredService<IOptions<AccessRequestVerifierOptions>>().Value));
        services.TryAddSingleton<IWeb3>(sp => new Web3(sp.GetRequiredService<Deployment>().RpcUrl));
        services.TryAddSingleton<OperationTracker>();
        services.TryAddSingleton<SignedRequestReader>();

        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            var details = context.ProblemDetails;
            var status = details.Status ?? context.HttpContext.Response.StatusCode;
            if (!details.Extensions.TryGetValue("code", out var code) || code is not string)
            {
                code = ProblemCodes.ForStatus(status);
                details.Extensions["code"] = code;
            }

            details.Type = ProblemCodes.TypePrefix + code;
        });
        return builder;
    }

    /// <summary>Every route of docs/adr/0004-http-api.md.</summary>
    public static IEndpointRouteBuilder MapMedRecApi(this IEndpointRouteBuilder routes) => routes
        .MapDeploymentApi()
        .MapParticipantsApi()
        .MapPatientsApi()
        .MapProvidersApi()
        .MapRecordsApi()
        .MapAuditProofApi()
        .MapResearchApi()
        .MapAlertsApi()
        .MapEmergencyAccessApi()
        .MapOperationsApi();

    private static int PortOrFree(int port)
    {
        if (port != 0) return port;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
