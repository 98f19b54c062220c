namespace MedRec.Grains.Records;

/// <summary>
/// A statement for a provider database: <see cref="Text"/> is assembled from the dialect's fixed fragments (and the
/// configured, validated schema name), every value travels in <see cref="Parameters"/>.
/// </summary>
public sealed record SqlStatement(string Text, IReadOnlyList<SqlArgument> Parameters)
{
    public SqlStatement(string text)
        : this(text, [])
    {
    }

    /// <summary>The parameter named <paramref name="name"/> (with its '@').</summary>
    public SqlArgument Parameter(string name) =>
        Parameters.SingleOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"The statement has no parameter {name}; it has {string.Join(", ", Parameters.Select(p => p.Name))}.");
}
