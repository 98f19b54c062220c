using System.Data;

namespace MedRec.Grains.Records;

/// <summary>One parameter of a <see cref="SqlStatement"/>: the only way a value reaches a provider database.</summary>
/// <param name="Name">The placeholder as written in the text, with its '@'.</param>
/// <param name="Type">The ADO.NET type, explicit so a null is typed too.</param>
/// <param name="Value">The value (null for SQL NULL).</param>
public sealed record SqlArgument(string Name, DbType Type, object? Value);
