using MedRec.Grains.Writes;
using Microsoft.Extensions.Options;
using Nethereum.Signer;

namespace MedRec.Grains.Tests.Writes;

public sealed class TestKeyStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-keys-").FullName;

    private string File => Path.Combine(_directory, "demo-identities.json");

    private TestKeyStore Store() => new(Options.Create(new TestKeyStoreOptions { IdentitiesFile = File }));

    private void Write(params EthECKey[] keys) => System.IO.File.WriteAllText(File,
        "[" + string.Join(',', keys.Select(k =>
            $$"""{"role":"patient","name":"demo","address":"{{k.GetPublicAddress()}}","privateKey":"{{Convert.ToHexStringLower(k.GetPrivateKeyAsBytes())}}"}""")) + "]");

    [Fact]
    public async Task A_participant_in_the_identities_file_has_its_key_found_by_address_in_any_case()
    {
        var key = EthECKey.GenerateKey();
        Write(key);

        var found = await Store().FindAsync(key.GetPublicAddress().ToUpperInvariant().Replace("0X", "0x"), CancellationToken.None);

        Assert.Equal(key.GetPublicAddress(), found?.GetPublicAddress());
    }

    [Fact]
    public async Task A_missing_file_or_an_unknown_participant_has_no_key()
    {
        var store = Store();
        Assert.Null(await store.FindAsync(EthECKey.GenerateKey().GetPublicAddress(), CancellationToken.None));

        Write(EthECKey.GenerateKey());
        Assert.Null(await store.FindAsync(EthECKey.GenerateKey().GetPublicAddress(), CancellationToken.None));
    }

    [Fact]
    public async Task Identities_added_to_the_file_later_are_found_without_a_restart()
    {
        var first = EthECKey.GenerateKey();
        var later = EthECKey.GenerateKey();
        Write(first);
        var store = Store();
        Assert.NotNull(await store.FindAsync(first.GetPublicAddress(), CancellationToken.None));

        Write(first, later);

        Assert.Equal(later.GetPublicAddress(), (await store.FindAsync(later.GetPublicAddress(), CancellationToken.None))?.GetPublicAddress());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
