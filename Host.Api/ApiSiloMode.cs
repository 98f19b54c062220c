namespace MedRec.Host.Api;

/// <summary>How the API host reaches the grains (<see cref="MedRecApiOptions.Silo"/>).</summary>
public enum ApiSiloMode
{
    /// <summary>A silo in this process: storage, streams, indexer and gatekeepers as Silo/Program.cs sets them up.</summary>
    CoHosted = 0,

    /// <summary>An Orleans client of a cluster run elsewhere (localhost clustering on the gateway port by default,
    /// ADO.NET clustering when MedRec:Storage:Provider is PostgreSql).</summary>
    Client = 1,
}
