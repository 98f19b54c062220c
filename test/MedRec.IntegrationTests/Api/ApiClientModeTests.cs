using MedRec.ChainIndexer.Indexing;
using MedRec.Host.Api;
using MedRec.Host.Api.Client;
using MedRec.IntegrationTests.Access;
using MedRec.Grains.Records;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MedRec.IntegrationTests.Api;

/// <summary>The API host as an Orleans client (MedRec:Api:Silo=Client) of the fixture's co-hosted silo: the same
/// routes, answered through the gateway.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiClientModeTests(ApiFixture world)
{
    [Fact]
    public async Task An_API_host_in_client_mode_serves_writes_reads_and_operations_through_the_silos_gateway()
    {
        var silo = world.App.Services;
        var cluster = silo.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orleans:ClusterId"] = cluster.ClusterId,
            ["Orleans:ServiceId"] = cluster.ServiceId,
            [$"{MedRecApiOptions.Section}:Silo"] = nameof(ApiSiloMode.Client),
            [$"{MedRecApiOptions.Section}:GatewayPort"] = silo.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = world.DeploymentFile,
        };
        await using var app = MedRecApiHost.Build([], settings);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
            var patient = await world.NewPatientAsync();
            var hospital = new MedRecApiClient(new HttpClient { BaseAddress = address }, world.Providers[0].Key);
            var asPatient = new MedRecApiClient(new HttpClient { BaseAddress = address }, patient.Key);

            var added = await hospital.AddProviderRecordsAsync(patient.Address, TestRecords.Some(1).Select(FhirJson.Serialize));
            await hospital.WaitForAppliedAsync(added);
            var read = await asPatient.ReadProviderRecordsAsync(patient.Address, world.Providers[0].Address);

            Assert.Equal(added.Pointers!.Select(p => p.PointerId).Order(), read.Pointers.Select(p => p.PointerId).Order());
            Assert.Single((await asPatient.GetSummaryAsync()).Relationships);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
