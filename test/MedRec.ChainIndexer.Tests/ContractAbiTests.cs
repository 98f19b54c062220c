using MedRec.ChainIndexer.Contracts;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace MedRec.ChainIndexer.Tests;

/// <summary>The hand-kept Nethereum DTOs must match the compiled ABI exactly, entry for entry, in both directions.</summary>
public sealed class ContractAbiTests
{
    public static TheoryData<string, string> Contracts => new()
    {
        { "Registrar", "MedRec.ChainIndexer.Contracts.Registrar" },
        { "Summary", "MedRec.ChainIndexer.Contracts.Summary" },
        { "PatientProviderRelationships", "MedRec.ChainIndexer.Contracts.Relationships" },
        { "AuditAnchors", "MedRec.ChainIndexer.Contracts.AuditAnchors" },
        { "EmergencyAccess", "MedRec.ChainIndexer.Contracts.EmergencyAccess" },
    };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Functions_match_the_compiled_abi(string contract, string dtoNamespace)
    {
        var abi = Artifact(contract).Abi;
        var expected = abi.Functions
            .Select(f => $"{f.Signature} -> ({string.Join(",", f.OutputParameters.Select(p => p.Type))})")
            .Order();
        var actual = TypesWith<FunctionAttribute>(dtoNamespace)
            .Select(ABITypedRegistry.GetFunctionABI)
            .Select(f => $"{f.Signature} -> ({string.Join(",", f.OutputParameters?.Select(p => p.Type) ?? [])})")
            .Order();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Events_match_the_compiled_abi_including_indexed_fields(string contract, string dtoNamespace)
    {
        var abi = Artifact(contract).Abi;
        var expected = abi.Events.Select(Describe).Order();
        var actual = TypesWith<EventAttribute>(dtoNamespace).Select(ABITypedRegistry.GetEvent).Select(Describe).Order();
        Assert.Equal(expected, actual);

        static string Describe(Nethereum.ABI.Model.EventABI e) =>
            $"{e.Sha3Signature} {e.Name}({string.Join(",", e.InputParameters.OrderBy(p => p.Order).Select(p => $"{p.Type}{(p.Indexed ? " indexed" : "")} {p.Name}"))})";
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Errors_match_the_compiled_abi(string contract, string dtoNamespace)
    {
        var abi = Artifact(contract).Abi;
        var expected = abi.Errors.Select(e => $"{e.Sha3Signature} {e.Signature}").Order();
        var actual = TypesWith<ErrorAttribute>(dtoNamespace)
            .Select(ABITypedRegistry.GetError)
            .Select(e => $"{e.Sha3Signature} {e.Signature}")
            .Order();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Deployment_message_matches_the_constructor_and_the_committed_bytecode(string contract, string dtoNamespace)
    {
        var artifact = Artifact(contract);
        var deployment = Assert.Single(typeof(ContractArtifact).Assembly.GetTypes(),
            t => t.Namespace == dtoNamespace && t.IsSubclassOf(typeof(ContractDeploymentMessage)));

        var expected = artifact.Abi.Constructor.InputParameters.Select(p => $"{p.Type} {p.Name}");
        var actual = new AttributesToABIExtractor().ExtractParametersFromAttributes(deployment)
            .OrderBy(p => p.Order).Select(p => $"{p.Type} {p.Name}");
        Assert.Equal(expected, actual);

        var message = (ContractDeploymentMessage)Activator.CreateInstance(deployment)!;
        Assert.Equal(artifact.Bytecode, message.ByteCode);
        Assert.Matches("^[0-9a-f]{200,}$", message.ByteCode);
    }

    [Fact]
    public void Errors_with_one_selector_have_one_shape_in_every_contract()
    {
        // Reverts are decoded by selector across all the ABIs, so a shared selector must mean the same fields.
        var shapes = ContractArtifact.All.SelectMany(a => a.Abi.Errors)
            .GroupBy(e => e.Sha3Signature)
            .Select(g => g.Select(e => string.Join(",", e.InputParameters.Select(p => $"{p.Type} {p.Name}"))).Distinct().Count());
        Assert.All(shapes, count => Assert.Equal(1, count));
    }

    private static ContractArtifact Artifact(string name) => Assert.Single(ContractArtifact.All, a => a.Name == name);

    private static IEnumerable<Type> TypesWith<TAttribute>(string dtoNamespace) where TAttribute : Attribute =>
        typeof(ContractArtifact).Assembly.GetTypes()
            .Where(t => t.Namespace == dtoNamespace && t.GetCustomAttributes(typeof(TAttribute), false).Length > 0);
}
