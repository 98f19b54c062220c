using MedRec.Grains.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.Grains.Tests.Records;

public sealed class ProviderStoreFactoryTests
{
    private const string ProviderA = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string ProviderB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    private const string ProviderC = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

    [Fact]
    public async System.Threading.Tasks.Task Builds_each_configured_providers_store_from_configuration()
    {
        await using var services = Services(new()
        {
            [$"MedRec:ProviderStores:{ProviderA}:Kind"] = "PostgreSql",
            [$"MedRec:ProviderStores:{ProviderA}:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=medrec",
            [$"MedRec:ProviderStores:{ProviderA}:Schema"] = "provider_a",
            [$"MedRec:ProviderStores:{ProviderB}:Kind"] = "Sqlite",
            [$"MedRec:ProviderStores:{ProviderB}:ConnectionString"] = $"Data Source=factory-{Guid.NewGuid():N};Mode=Memory;Cache=Shared",
            [$"MedRec:ProviderStores:{ProviderC}:Kind"] = "SqlServer",
            [$"MedRec:ProviderStores:{ProviderC}:ConnectionString"] = "Server=127.0.0.1,1;Database=medrec;TrustServerCertificate=true",
        });
        var factory = services.GetRequiredService<IProviderStoreFactory>();

        var a = Assert.IsType<PostgreSqlProviderStore>(factory.For(ProviderA.ToLowerInvariant()));
        Assert.Equal("provider_a", a.Schema);
        Assert.Same(a, factory.For(ProviderA.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)));
        Assert.IsType<SqliteProviderStore>(factory.For(ProviderB));
        Assert.Equal("dbo", Assert.IsType<SqlServerProviderStore>(factory.For(ProviderC)).Schema);
        Assert.Equal(new[] { ProviderA.ToLowerInvariant(), ProviderB, ProviderC }.Order(), factory.ConfiguredProviders.Order());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_unconfigured_provider_gets_a_clear_error()
    {
        await using var services = Services(new());
        var factory = services.GetRequiredService<IProviderStoreFactory>();

        var error = Assert.Throws<ProviderStoreNotConfiguredException>(() => factory.For(ProviderA));

        Assert.Equal(ProviderA, error.ProviderAddress);
        Assert.Contains($"MedRec:ProviderStores:{ProviderA}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Kind", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kind", null, ":Kind is required")]
    [InlineData("Kind", "Oracle", "Kind")]
    [InlineData("ConnectionString", null, ":ConnectionString is required")]
    [InlineData("Schema", "Provider A", ":Schema")]
    [InlineData("Schema", "x\"; DROP SCHEMA public; --", ":Schema")]
    public async System.Threading.Tasks.Task Refuses_an_incomplete_or_unsafe_configuration_when_built(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"MedRec:ProviderStores:{ProviderA}:Kind"] = "PostgreSql",
            [$"MedRec:ProviderStores:{ProviderA}:ConnectionString"] = "Host=127.0.0.1",
            [$"MedRec:ProviderStores:{ProviderA}:Schema"] = "provider_a",
        };
        settings[$"MedRec:ProviderStores:{ProviderA}:{key}"] = value;
        if (value is null) settings.Remove($"MedRec:ProviderStores:{ProviderA}:{key}");
        await using var services = Services(settings);

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IProviderStoreFactory>());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Refuses_two_providers_in_one_store()
    {
        await using var services = Services(new()
        {
            [$"MedRec:ProviderStores:{ProviderA}:Kind"] = "PostgreSql",
            [$"MedRec:ProviderStores:{ProviderA}:ConnectionString"] = "Host=127.0.0.1",
            [$"MedRec:ProviderStores:{ProviderB}:Kind"] = "PostgreSql",
            [$"MedRec:ProviderStores:{ProviderB}:ConnectionString"] = "Host=127.0.0.1",
        });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IProviderStoreFactory>());

        Assert.Contains("Schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Refuses_a_key_that_is_not_an_address()
    {
        await using var services = Services(new()
        {
            ["MedRec:ProviderStores:hospital-a:Kind"] = "Sqlite",
            ["MedRec:ProviderStores:hospital-a:ConnectionString"] = "Data Source=a.db",
        });

        Assert.Contains("hospital-a", Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IProviderStoreFactory>()).Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddProviderStores(configuration).BuildServiceProvider();
    }
}
