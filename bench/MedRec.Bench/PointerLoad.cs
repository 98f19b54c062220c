using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Registrar;
using MedRec.ChainIndexer.Contracts.Relationships;

namespace MedRec.Bench;

/// <summary>
/// Fills a bench chain with at least a given number of MedRec events, cheaply: registered providers and patients,
/// then <c>publishPointers</c> batches (one transaction per batch, one relationship per transaction, providers taking
/// turns), sent through a <see cref="TransactionPump"/>.
/// </summary>
public sealed class PointerLoad(BenchChain chain, int providers, int patients, int pointersPerTransaction)
{
    public List<ParticipantClient> Providers { get; } = [];
    public List<ParticipantClient> Patients { get; } = [];
    public int Transactions { get; private set; }

    /// <summary>Sends until at least <paramref name="events"/> events are on chain (counted as the contracts emit
    /// them: one per registration and pointer, one more per relationship opened).</summary>
    public async Task RunAsync(int events, CancellationToken cancellationToken)
    {
        var pump = new TransactionPump(chain);
        var contracts = chain.Deployment.Contracts;
        var emitted = 1; // the root certifier's CertifierAdded at deployment

        for (var i = 0; i < providers; i++)
        {
            var provider = await chain.NewParticipantAsync();
            await pump.SubmitAsync(chain.Root, contracts.Registrar, new RegisterProviderFunction
            {
                Provider = provider.Address, IdentityHash = BenchChain.NewIdentity(), Endpoint = $"https://gatekeeper-{i}.hospital.example/fhir",
            }, gas: 400_000, cancellationToken);
            Providers.Add(provider);
            emitted++;
        }

        for (var i = 0; i < patients; i++)
        {
            var patient = await chain.NewParticipantAsync();
            await pump.SubmitAsync(patient, contracts.Registrar,
                new RegisterPatientFunction { IdentityHash = BenchChain.NewIdentity() }, gas: 200_000, cancellationToken);
            Patients.Add(patient);
            emitted++;
        }

        await pump.DrainAsync(cancellationToken);
        var gas = pointersPerTransaction * 32_000L + 300_000;
        for (var transaction = 0; emitted < events; transaction++)
        {
            var provider = Providers[transaction % providers];
            var round = transaction / providers;
            var patient = Patients[round % patients];
            var opens = round < patients;
            var pointers = Enumerable.Range(0, pointersPerTransaction).Select(_ => new PointerInput
            {
                PointerId = BenchChain.Random32(), QueryCommitment = BenchChain.Random32(), DataHash = BenchChain.Random32(),
            }).ToList();
            await pump.SubmitAsync(provider, contracts.Relationships,
                new PublishPointersFunction { Patient = patient.Address, Pointers = pointers }, gas, cancellationToken);
            emitted += pointersPerTransaction + (opens ? 1 : 0);
            Transactions++;
        }

        await pump.DrainAsync(cancellationToken);
    }
}
