namespace MedRec.Silo.Storage;

/// <summary>The database's record of the schema disagrees with the scripts embedded in this silo: a script that was
/// already applied has since been edited, or a script did not record its own version. Versions are immutable once
/// applied; a change goes into a new script.</summary>
public sealed class SchemaMismatchException(string message) : Exception(message);
