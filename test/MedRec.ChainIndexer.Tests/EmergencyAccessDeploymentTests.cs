using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;

namespace MedRec.ChainIndexer.Tests;

/// <summary>Deployments older than the EmergencyAccess contract (docs/adr/0011-break-the-glass.md) still read, and
/// their indexer asks for no emergency access logs.</summary>
public sealed class EmergencyAccessDeploymentTests
{
    [Fact]
    public async Task A_deployment_file_written_before_the_contract_reads_with_no_emergency_access_address()
    {
        var path = Path.Combine(Path.GetTempPath(), $"medrec-old-deployment-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {"chainId":31337,"rpcUrl":"http://127.0.0.1:8545","deployer":"0x01",
             "contracts":{"registrar":"0x0000000000000000000000000000000000000001","summary":"0x0000000000000000000000000000000000000002",
                          "relationships":"0x0000000000000000000000000000000000000003"},
             "deploymentBlock":1,"deployedAt":"2026-01-01T00:00:00+00:00"}
            """);
        try
        {
            var deployment = await DeploymentFile.ReadAsync(path);
            Assert.Equal("", deployment.Contracts.EmergencyAccess);
            Assert.Equal(3, new ChainLogDecoder(deployment.Contracts).Addresses.Count);

            var current = deployment.Contracts with { EmergencyAccess = "0x0000000000000000000000000000000000000005" };
            Assert.Contains("0x0000000000000000000000000000000000000005", new ChainLogDecoder(current).Addresses);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
