using System.Numerics;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Registrar;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Contracts.Summary;
using MedRec.Grains.Abstractions.Access;
using MedRec.TestSupport;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace MedRec.IntegrationTests;

/// <summary>
/// A seeded script of random MedRec operations by many participants, sent with client-side nonces and fixed gas (no
/// estimation), waiting for receipts every few transactions. Some operations may revert (the script's model is
/// optimistic); a reverted transaction leaves no event, so the mirror must still equal the chain.
/// </summary>
public sealed class ChainScript(IChainWorld fixture, int seed)
{
    private const int Window = 48;
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, BigInteger> _nonces = [];
    private readonly List<ParticipantClient> _patients = [];
    private readonly List<ParticipantClient> _providers = [];
    private readonly List<(ParticipantClient Patient, string Provider, byte[] PointerId)> _pointers = [];
    private readonly List<(ParticipantClient Patient, string Provider, byte[] PointerId, string Viewer)> _grants = [];
    private readonly List<string> _pending = [];
    private readonly List<string> _sent = [];

    public int Sent => _sent.Count;

    public async Task RunAsync(int operations)
    {
        for (var i = 0; i < 4; i++) await NewPatientAsync();
        for (var i = 0; i < 2; i++) await NewProviderAsync();
        for (var op = 0; op < operations; op++)
        {
            await NextOperationAsync();
            if (_pending.Count >= Window) await DrainAsync();
        }

        await DrainAsync();
    }

    /// <summary>How many of the sent transactions succeeded.</summary>
    public async Task<int> CountSucceededAsync()
    {
        var succeeded = 0;
        foreach (var hash in _sent)
        {
            var receipt = await fixture.Node.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
            if (receipt?.Status?.Value == 1) succeeded++;
        }

        return succeeded;
    }

    private async Task NextOperationAsync()
    {
        var roll = _random.Next(100);
        var chainNow = DateTimeOffset.UtcNow.AddYears(1); // far enough ahead of any test's time travel
        switch (roll)
        {
            case < 5: await NewPatientAsync(); break;
            case < 7: await NewProviderAsync(); break;
            case < 40: await PublishAsync(); break;
            case < 45: await PublishBatchAsync(); break;
            case < 55 when _pointers.Count > 0:
            {
                var (patient, provider, _) = Pick(_pointers);
                if (_random.Next(3) == 0) await SubmitAsync(patient, fixture.Deployment.Contracts.Summary, new RejectRelationshipFunction { Provider = provider });
                else await SubmitAsync(patient, fixture.Deployment.Contracts.Summary, new AcceptRelationshipFunction { Provider = provider });
                break;
            }
            case < 72 when _pointers.Count > 0:
            {
                var (patient, provider, pointerId) = Pick(_pointers);
                var viewer = Pick(_patients.Concat(_providers).Where(p => p != patient).ToList()).Address;
                await SubmitAsync(patient, fixture.Deployment.Contracts.Relationships, new GrantAccessFunction
                {
                    Provider = provider, PointerId = pointerId, Viewer = viewer,
                    ExpiresAt = (ulong)chainNow.AddDays(_random.Next(1, 90)).ToUnixTimeSeconds(),
                    // Half the grants cover every purpose (what a grant naming none covers), half a random valid set.
                    Purposes = _random.Next(2) == 0 ? (byte)PurposeSet.All : (byte)_random.Next(1, (int)PurposeSet.All + 1),
                });
                _grants.Add((patient, provider, pointerId, viewer));
                break;
            }
            case < 80 when _grants.Count > 0:
            {
                var index = _random.Next(_grants.Count);
                var (patient, provider, pointerId, viewer) = _grants[index];
                _grants.RemoveAt(index);
                await SubmitAsync(patient, fixture.Deployment.Contracts.Relationships,
                    new RevokeAccessFunction { Provider = provider, PointerId = pointerId, Viewer = viewer });
                break;
            }
            case < 90:
                await SubmitAsync(Pick(_patients), fixture.Deployment.Contracts.Summary, new SetResearchConsentFunction { Consent = _random.Next(2) == 0 });
                break;
            case < 97:
                await SubmitAsync(Pick(_providers), fixture.Deployment.Contracts.Registrar,
                    new SetProviderEndpointFunction { Endpoint = $"https://gatekeeper-{_random.Next(1000)}.example/fhir" });
                break;
            default:
                if (_providers.Count > 3)
                {
                    var revoked = Pick(_providers);
                    _providers.Remove(revoked);
                    await SubmitAsync(fixture.Root, fixture.Deployment.Contracts.Registrar, new RevokeProviderFunction { Provider = revoked.Address });
                }

                break;
        }
    }

    private async Task PublishAsync()
    {
        var provider = Pick(_providers);
        var mine = _pointers.Where(p => p.Provider == provider.Address).ToList();
        if (mine.Count > 0 && _random.Next(10) < 3)
        {
            var (patient, _, pointerId) = Pick(mine);
            await SubmitAsync(provider, fixture.Deployment.Contracts.Relationships, new PublishPointerFunction
            {
                Patient = patient.Address, PointerId = pointerId, QueryCommitment = ChainFixture.RandomBytes32(), DataHash = ChainFixture.RandomBytes32(),
            });
            return;
        }

        var target = Pick(_patients);
        var id = ChainFixture.RandomBytes32();
        await SubmitAsync(provider, fixture.Deployment.Contracts.Relationships, new PublishPointerFunction
        {
            Patient = target.Address, PointerId = id, QueryCommitment = ChainFixture.RandomBytes32(), DataHash = ChainFixture.RandomBytes32(),
        });
        _pointers.Add((target, provider.Address, id));
    }

    private async Task PublishBatchAsync()
    {
        var provider = Pick(_providers);
        var patient = Pick(_patients);
        var inputs = Enumerable.Range(0, _random.Next(2, 12)).Select(_ => new PointerInput
        {
            PointerId = ChainFixture.RandomBytes32(), QueryCommitment = ChainFixture.RandomBytes32(), DataHash = ChainFixture.RandomBytes32(),
        }).ToList();
        await SubmitAsync(provider, fixture.Deployment.Contracts.Relationships,
            new PublishPointersFunction { Patient = patient.Address, Pointers = inputs }, gas: 3_000_000);
        _pointers.AddRange(inputs.Select(i => (patient, provider.Address, i.PointerId)));
    }

    private async Task NewPatientAsync()
    {
        var patient = await fixture.NewAccountAsync();
        await SubmitAsync(patient, fixture.Deployment.Contracts.Registrar, new RegisterPatientFunction { IdentityHash = ChainFixture.RandomBytes32() });
        _patients.Add(patient);
    }

    private async Task NewProviderAsync()
    {
        var provider = await fixture.NewAccountAsync();
        await SubmitAsync(fixture.Root, fixture.Deployment.Contracts.Registrar, new RegisterProviderFunction
        {
            Provider = provider.Address, IdentityHash = ChainFixture.RandomBytes32(), Endpoint = $"https://provider-{_providers.Count}.example/fhir",
        });
        _providers.Add(provider);
    }

    private async Task SubmitAsync<TFunction>(ParticipantClient sender, string contract, TFunction function, long gas = 400_000)
        where TFunction : FunctionMessage, new()
    {
        if (!_nonces.TryGetValue(sender.Address, out var nonce))
        {
            nonce = (await fixture.Node.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender.Address, BlockParameter.CreatePending())).Value;
        }

        var hash = await sender.SubmitAsync(contract, function, nonce, gas);
        _nonces[sender.Address] = nonce + 1;
        _pending.Add(hash);
        _sent.Add(hash);
    }

    private async Task DrainAsync()
    {
        if (_pending.Count == 0) return;
        var last = _pending[^1];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await fixture.Node.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(last) is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"transaction {last} was not mined within 60 s");
            await Task.Delay(5);
        }

        _pending.Clear();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
