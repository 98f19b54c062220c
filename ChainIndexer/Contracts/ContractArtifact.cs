using System.Reflection;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.Model;

namespace MedRec.ChainIndexer.Contracts;

/// <summary>A compiled contract (ABI and creation bytecode) as committed in contracts/artifacts.</summary>
public sealed class ContractArtifact
{
    private ContractArtifact(string name, string abiJson, string bytecode)
    {
        Name = name;
        AbiJson = abiJson;
        Bytecode = bytecode;
        Abi = ABIDeserialiserFactory.DeserialiseContractABI(abiJson);
    }

    public string Name { get; }
    public string AbiJson { get; }
    public string Bytecode { get; }
    public ContractABI Abi { get; }

    public static ContractArtifact Registrar { get; } = Load(typeof(ContractArtifact).Assembly, "MedRec.Contracts", "Registrar");
    public static ContractArtifact Summary { get; } = Load(typeof(ContractArtifact).Assembly, "MedRec.Contracts", "Summary");
    public static ContractArtifact Relationships { get; } =
        Load(typeof(ContractArtifact).Assembly, "MedRec.Contracts", "PatientProviderRelationships");

    public static ContractArtifact AuditAnchors { get; } = Load(typeof(ContractArtifact).Assembly, "MedRec.Contracts", "AuditAnchors");

    public static ContractArtifact EmergencyAccess { get; } = Load(typeof(ContractArtifact).Assembly, "MedRec.Contracts", "EmergencyAccess");

    public static IReadOnlyList<ContractArtifact> All { get; } = [Registrar, Summary, Relationships, AuditAnchors, EmergencyAccess];

    /// <summary>Loads an artifact embedded as "{prefix}.{name}.abi.json" and "{prefix}.{name}.bin".</summary>
    public static ContractArtifact Load(Assembly assembly, string resourcePrefix, string name) =>
        new(name,
            ReadResource(assembly, $"{resourcePrefix}.{name}.abi.json"),
            ReadResource(assembly, $"{resourcePrefix}.{name}.bin").Trim());

    private static string ReadResource(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Contract artifact '{resourceName}' is not embedded; run npm run compile-contracts.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
