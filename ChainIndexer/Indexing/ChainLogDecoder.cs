using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Registrar = MedRec.ChainIndexer.Contracts.Registrar;
using Relationships = MedRec.ChainIndexer.Contracts.Relationships;
using Summary = MedRec.ChainIndexer.Contracts.Summary;
using Emergency = MedRec.ChainIndexer.Contracts.EmergencyAccess;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>Decodes the MedRec contracts' logs into typed <see cref="ChainEvent"/>s; anything else is a skipped log.</summary>
public sealed class ChainLogDecoder
{
    private readonly Dictionary<(string Address, string Topic), Func<FilterLog, ChainEvent>> _decoders = new();
    private readonly HashSet<(string Address, string Topic)> _ignored = [];

    public ChainLogDecoder(ContractAddresses contracts)
    {
        var registrar = contracts.Registrar.ToLowerInvariant();
        var summary = contracts.Summary.ToLowerInvariant();
        var relationships = contracts.Relationships.ToLowerInvariant();

        Add<Registrar.CertifierAddedEvent>(registrar, e => new CertifierAdded(Address(e.Certifier), Hex(e.IdentityHash), Address(e.AddedBy)));
        Add<Registrar.PatientRegisteredEvent>(registrar, e => new PatientRegistered(Address(e.Patient), Hex(e.IdentityHash)));
        Add<Registrar.ProviderRegisteredEvent>(registrar,
            e => new ProviderRegistered(Address(e.Provider), Hex(e.IdentityHash), e.Endpoint, Address(e.Certifier)));
        Add<Registrar.ProviderEndpointChangedEvent>(registrar, e => new ProviderEndpointChanged(Address(e.Provider), e.Endpoint));
        Add<Registrar.ProviderRevokedEvent>(registrar, e => new ProviderRevoked(Address(e.Provider), Address(e.Certifier)));
        Add<Registrar.ResearcherRegisteredEvent>(registrar,
            e => new ResearcherRegistered(Address(e.Researcher), Hex(e.IdentityHash), Address(e.Validator), Address(e.Certifier)));
        Add<Summary.RelationshipStatusChangedEvent>(summary,
            e => new RelationshipStatusChanged(Address(e.Patient), Address(e.Provider), ToStatus(e.Status)));
        Add<Summary.ResearchConsentChangedEvent>(summary, e => new ResearchConsentChanged(Address(e.Patient), e.Consent));
        Add<Relationships.PointerPublishedEvent>(relationships, e => new PointerPublished(
            Address(e.Patient), Address(e.Provider), Hex(e.PointerId), Hex(e.QueryCommitment), Hex(e.DataHash), e.Version));
        Add<Relationships.AccessGrantedEvent>(relationships,
            e => new AccessGranted(Address(e.Patient), Address(e.Provider), Address(e.Viewer), Hex(e.PointerId), e.ExpiresAt,
                (PurposeSet)e.Purposes));
        Add<Relationships.AccessRevokedEvent>(relationships,
            e => new AccessRevoked(Address(e.Patient), Address(e.Provider), Address(e.Viewer), Hex(e.PointerId)));

        // Known events the mirror has no use for: not decoded, not counted as skipped.
        _ignored.Add(Key(summary, ABITypedRegistry.GetEvent<Summary.RelationshipsBoundEvent>().Sha3Signature));

        // Deployments from before break-the-glass have no EmergencyAccess contract (docs/adr/0011-break-the-glass.md).
        List<string> addresses = [registrar, summary, relationships];
        if (contracts.EmergencyAccess is { Length: > 0 })
        {
            var emergency = contracts.EmergencyAccess.ToLowerInvariant();
            Add<Emergency.EmergencyAccessOpenedEvent>(emergency, e => new EmergencyAccessOpened(
                Address(e.Patient), Address(e.Provider), Hex(e.JustificationCommitment), e.OpenedAt, e.ExpiresAt));
            Add<Emergency.EmergencyAccessClosedEvent>(emergency, e => new EmergencyAccessClosed(Address(e.Patient), Address(e.Provider), e.ClosedAt));
            addresses.Add(emergency);
        }

        Addresses = addresses;
    }

    /// <summary>The contract addresses whose logs the indexer asks for.</summary>
    public IReadOnlyList<string> Addresses { get; }

    public DecodeResult Decode(FilterLog log)
    {
        var topic = log.Topics is { Length: > 0 } topics ? topics[0]?.ToString() : null;
        if (topic is null) return DecodeResult.Skipped("no-topic");
        var key = Key(log.Address ?? "", Strip(topic));
        if (_ignored.Contains(key)) return DecodeResult.Ignored;
        if (!_decoders.TryGetValue(key, out var decode))
        {
            return _decoders.Keys.Any(k => k.Address == key.Address)
                ? DecodeResult.Skipped("unknown-event")
                : DecodeResult.Skipped("unknown-contract");
        }

        try
        {
            return DecodeResult.Decoded(decode(log));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return DecodeResult.Skipped("undecodable");
        }
    }

    private void Add<TEvent>(string address, Func<TEvent, ChainEvent> map) where TEvent : IEventDTO, new()
    {
        var abi = ABITypedRegistry.GetEvent<TEvent>();
        var indexed = abi.InputParameters.Count(p => p.Indexed);
        var data = abi.InputParameters.Where(p => !p.Indexed).ToList();
        var dynamic = data.Any(p => p.Type is "string" or "bytes" || p.Type.EndsWith(']'));
        _decoders[Key(address, abi.Sha3Signature)] = log =>
        {
            // Nethereum decodes short or padded input leniently; a log that does not have the event's exact shape is
            // malformed, not an event.
            if (log.Topics.Length != indexed + 1) throw new FormatException("wrong number of topics");
            var length = ((log.Data?.Length ?? 2) - 2) / 2;
            if (dynamic ? length < 32 * data.Count || length % 32 != 0 : length != 32 * data.Count)
            {
                throw new FormatException($"data of {length} bytes does not fit the event");
            }

            return map(log.DecodeEvent<TEvent>().Event);
        };
    }

    private static (string Address, string Topic) Key(string address, string topic) => (address.ToLowerInvariant(), Strip(topic));

    private static string Strip(string hex) => (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex).ToLowerInvariant();

    private static string Address(string address) => address.ToLowerInvariant();

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static RelationshipStatus ToStatus(byte status) =>
        Enum.IsDefined((RelationshipStatus)status) ? (RelationshipStatus)status : throw new FormatException($"unknown status {status}");
}

/// <summary>A decoded event, or why a log was skipped.</summary>
public readonly record struct DecodeResult(ChainEvent? Event, string? SkipReason)
{
    public static DecodeResult Ignored => default;
    public static DecodeResult Decoded(ChainEvent chainEvent) => new(chainEvent, null);
    public static DecodeResult Skipped(string reason) => new(null, reason);
}
