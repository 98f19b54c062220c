using MedRec.ChainIndexer.Chain;

namespace MedRec.IntegrationTests;

internal static class Revert
{
    /// <summary>Asserts that <paramref name="action"/> is refused by the contract with the named custom error.</summary>
    public static async Task<ChainRevertException> ExpectAsync(string errorName, Func<Task> action)
    {
        var revert = await Assert.ThrowsAsync<ChainRevertException>(action);
        Assert.True(revert.ErrorName == errorName, $"Expected the contract to refuse with {errorName}, but it said: {revert.Message}");
        return revert;
    }

    public static string Address(this ChainRevertException revert, string argument) =>
        Assert.IsType<string>(revert.Arguments[argument]).ToLowerInvariant();
}
