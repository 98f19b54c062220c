namespace MedRec.ChainIndexer.Chain;

/// <summary>Where the three MedRec contracts live on one chain.</summary>
public sealed record ContractAddresses(string Registrar, string Summary, string Relationships);
