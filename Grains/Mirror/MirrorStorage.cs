namespace MedRec.Grains.Mirror;

/// <summary>The grain storage provider name the mirror grains persist to (memory by default, ADO.NET by configuration).</summary>
public static class MirrorStorage
{
    public const string Name = "mirror";
}
