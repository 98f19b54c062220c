using System.Globalization;
using System.Numerics;
using System.Text;
using Bogus;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.AuditAnchors;
using MedRec.ChainIndexer.Contracts.EmergencyAccess;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Audit;
using Nethereum.Util;

namespace MedRec.IntegrationTests;

/// <summary>
/// Synthetic patients (names, birth dates, record numbers) go through every MedRec operation; afterwards no byte
/// sequence of that identifying data may appear in any transaction's calldata or any log on the chain.
/// </summary>
[Collection(ChainCollection.Name)]
public sealed class NoPhiOnChainTests(ChainFixture chain)
{
    private sealed record SyntheticPatient(string FirstName, string LastName, DateTime BirthDate, long RecordNumber)
    {
        public string FullName => $"{FirstName} {LastName}";
        public string Mrn => $"MRN-{RecordNumber}";
        public string IdentityString => $"{FullName}|{BirthDate:yyyy-MM-dd}|{Mrn}";
    }

    [Fact]
    public async Task No_name_birth_date_or_record_number_appears_in_any_calldata_or_log()
    {
        var faker = new Faker { Random = new Randomizer(20261125) };
        var patients = Enumerable.Range(0, 12).Select(_ => new SyntheticPatient(
            faker.Name.FirstName(), faker.Name.LastName(),
            faker.Date.Between(new DateTime(1930, 1, 1), new DateTime(2020, 12, 31)).Date,
            faker.Random.Long(10_000_000, 99_999_999))).ToList();
        const string endpoint = "https://gatekeeper.general-hospital.example/fhir";
        var hospital = await chain.NewProviderAsync(endpoint);
        var clinic = await chain.NewProviderAsync();
        var caregiver = await chain.NewPatientAsync();

        foreach (var synthetic in patients)
        {
            var patient = await chain.NewAccountAsync();
            await patient.RegisterPatientAsync(IdentityCommitment.Create(synthetic.IdentityString, IdentityCommitment.NewSalt()));

            // The provider's query names the patient by record number; only its commitment and the hash of the
            // record (which holds the name and birth date) go on chain.
            var query = $"Observation?patient={synthetic.Mrn}&category=laboratory";
            var record = $$"""{"resourceType":"Patient","name":"{{synthetic.FullName}}","birthDate":"{{synthetic.BirthDate:yyyy-MM-dd}}","identifier":"{{synthetic.Mrn}}"}""";
            var pointerId = ChainFixture.RandomBytes32();
            await hospital.PublishPointerAsync(patient.Address, pointerId, Keccak(query), Keccak(record));
            await clinic.PublishPointersAsync(patient.Address, Enumerable.Range(0, 3).Select(i => new PointerInput
            {
                PointerId = ChainFixture.RandomBytes32(),
                QueryCommitment = Keccak($"{query}&_count={i}"),
                DataHash = Keccak(record + i),
            }));
            await patient.AcceptRelationshipAsync(hospital.Address);
            await patient.RejectRelationshipAsync(clinic.Address);
            await patient.GrantAccessAsync(hospital.Address, pointerId, caregiver.Address, (await chain.ChainNowAsync()).AddDays(7));
            await patient.SetResearchConsentAsync(true);
            await patient.RevokeAccessAsync(hospital.Address, pointerId, caregiver.Address);

            // Break-the-glass (ADR 0011): the justification names the patient; only its salted commitment goes on chain.
            await clinic.SendAsync(chain.Deployment.Contracts.EmergencyAccess, new OpenEmergencyAccessFunction
            {
                Patient = patient.Address, DurationSeconds = 3600, JustificationCommitment = IdentityCommitment.Create(
                    $"{synthetic.FullName}, born {synthetic.BirthDate:yyyy-MM-dd}, {synthetic.Mrn}: unconscious in the ER", IdentityCommitment.NewSalt()),
            });
        }

        // The hospital anchors its audit log (ADR 0010): only a root, seqs and a count go on chain, even when entries
        // hold identifying text.
        var audit = patients.Select((p, i) => new SequencedAuditEntry(i + 1, new AuditEntry($"audit-{i}", DateTimeOffset.UnixEpoch,
            hospital.Address, p.Mrn, p.FullName, "0x" + new string('0', 64), AccessAction.Read, true, p.IdentityString, ""))).ToList();
        await hospital.SendAsync(chain.Deployment.Contracts.AuditAnchors, new AnchorFunction
        {
            Root = AuditMerkle.Root(audit.Select(AuditMerkle.Leaf).ToList()), FirstSeq = 1, LastSeq = (ulong)audit.Count, EntryCount = (ulong)audit.Count,
        });

        var scan = await ChainScanner.ScanAsync(chain.Node.Web3);

        // The scan sees what is public: the endpoint string registered for the hospital is found, so a leak would be too.
        Assert.NotEmpty(scan.Find(endpoint));
        Assert.True(scan.Calldata.Count >= patients.Count * 7, $"expected at least {patients.Count * 7} transactions, saw {scan.Calldata.Count}");
        Assert.True(scan.Logs.Count >= patients.Count * 8, $"expected at least {patients.Count * 8} logs, saw {scan.Logs.Count}");

        var leaks = patients.SelectMany(Needles).SelectMany(n => n.Hex is null ? scan.Find(n.Text) : scan.FindHex(n.Hex, n.Text)).ToList();
        Assert.True(leaks.Count == 0, "Identifying data found on chain:\n" + string.Join("\n", leaks));
    }

    private static IEnumerable<(string Text, string? Hex)> Needles(SyntheticPatient p)
    {
        foreach (var name in new[] { p.FullName, $"{p.LastName}, {p.FirstName}", p.FullName.ToLowerInvariant(), p.FullName.ToUpperInvariant() })
        {
            yield return (name, null);
        }

        // Single names are searched only when long enough that random hashes cannot contain them by chance.
        foreach (var name in new[] { p.FirstName, p.LastName }.Where(n => Encoding.UTF8.GetByteCount(n) >= 6))
        {
            yield return (name, null);
        }

        foreach (var format in new[] { "yyyy-MM-dd", "yyyyMMdd", "MM/dd/yyyy", "dd.MM.yyyy" })
        {
            yield return (p.BirthDate.ToString(format, CultureInfo.InvariantCulture), null);
        }

        yield return (p.Mrn, null);
        yield return (p.RecordNumber.ToString(CultureInfo.InvariantCulture), null);
        yield return ($"record number {p.RecordNumber} as uint256", new BigInteger(p.RecordNumber).ToString("x64"));
        yield return ($"birth date {p.BirthDate:yyyy-MM-dd} as unix time", new BigInteger(new DateTimeOffset(p.BirthDate, TimeSpan.Zero).ToUnixTimeSeconds()).ToString("x64"));
    }

    private static byte[] Keccak(string text) => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(text));
}
