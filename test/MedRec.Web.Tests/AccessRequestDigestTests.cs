using System.Globalization;
using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace MedRec.Web.Tests;

/// <summary>The page signs the AccessRequest the gatekeepers verify: ethers' EIP-712 digest with the page's own type
/// (web/src/api/signing.ts, run by web/tests/access-request-digest.mjs) equals Nethereum's generic digest, the
/// reference, for requests with every purpose (docs/adr/0012-purpose-of-use.md).</summary>
public sealed class AccessRequestDigestTests
{
    private static readonly AccessRequestDomain Domain = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

    [Fact]
    public async Task The_pages_AccessRequest_digest_equals_nethereums_for_every_purpose()
    {
        Assert.True(Directory.Exists(Path.Combine(RepositoryPaths.Web, "node_modules", "ethers")),
            "web/node_modules has no ethers: run scripts/setup.sh (it runs `npm ci` in web/).");
        foreach (var (purpose, i) in Purposes.All.Select((p, i) => (p, i)))
        {
            var request = new AccessRequest(
                "0x" + new string((char)('1' + i), 40), "0x2222222222222222222222222222222222222222",
                i % 2 == 0 ? AccessRequest.ZeroAddress : "0x3333333333333333333333333333333333333333",
                i % 3 == 0 ? AccessRequest.ZeroPointer : "0x" + new string('4', 64), i % 2 == 0 ? AccessAction.Read : AccessAction.ReadAudit,
                purpose, "0x" + new string('5', 64), 1_800_000_000UL + (ulong)i);
            var reference = "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(
                Eip712TypedDataSigner.Current.EncodeTypedData(AccessRequestTypedData.Create(request, Domain))));
            var vector = JsonSerializer.Serialize(new
            {
                domain = new { name = AccessRequestDomain.Name, version = AccessRequestDomain.Version, chainId = Domain.ChainId, verifyingContract = Domain.VerifyingContract },
                message = new
                {
                    asker = request.Asker, patient = request.Patient, provider = request.Provider, pointerId = request.PointerId,
                    action = request.Action.ToWire(), purpose = request.Purpose.ToWire(), nonce = request.Nonce,
                    expiresAt = request.ExpiresAt.ToString(CultureInfo.InvariantCulture),
                },
            });

            var result = await NodeScript.RunAsync(RepositoryPaths.Web, Path.Combine("tests", "access-request-digest.mjs"),
                new Dictionary<string, string> { ["MEDREC_VECTOR"] = vector }, TimeSpan.FromMinutes(1));

            Assert.True(result.ExitCode == 0, $"the digest script failed (exit {result.ExitCode}):\n{result.Output}");
            Assert.Equal(reference, result.Output.Trim());
            Assert.Equal(reference, new AccessRequestHasher(Domain).HashHex(request));
        }
    }
}
