using System.ComponentModel.DataAnnotations;
using MedRec.Grains.Access;
using MedRec.Grains.Mirror;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace MedRec.Silo.Storage;

public static class SiloStorageExtensions
{
    /// <summary>Where Orleans streams keep explicit subscriptions (analytics jobs); durable with the cluster's storage.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>
    /// Cluster membership, grain storage (the mirror's store, named <see cref="MirrorStorage.Name"/>, the access
    /// grains' store, named <see cref="AccessStorage.Name"/>, and the default store) and reminders, chosen by the
    /// <c>MedRec:Storage</c> section (<see cref="SiloStorageOptions"/>): localhost clustering with in-memory storage
    /// and reminders by default; Orleans' ADO.NET providers on PostgreSQL when <c>Provider</c> is <c>PostgreSql</c>,
    /// with the schema applied at start when <c>ApplySchema</c> is true.
    /// Cluster and service ids come from the <c>Orleans</c> section, which Orleans reads itself.
    /// </summary>
    /// <exception cref="OptionsValidationException">The section is invalid (for example PostgreSql without a connection string).</exception>
    public static ISiloBuilder AddMedRecStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(SiloStorageOptions.SectionName);
        // Bound now as well as registered: which providers to add is decided while the silo is being built.
        var options = section.Get<SiloStorageOptions>() ?? new SiloStorageOptions();
        Validate(options);
        silo.Services.AddOptions<SiloStorageOptions>().Bind(section).ValidateDataAnnotations();

        // The mirror's state (chain events) is stored with Orleans' binary serializer, not the default JSON one: about
        // ten times cheaper to write and a third of the size (docs/adr/0003-mirror-state-serialization.md).
        silo.Services.AddOptions<MemoryGrainStorageOptions>(MirrorStorage.Name).Configure<Serializer>(UseBinarySerializer);
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(MirrorStorage.Name).Configure<Serializer>(UseBinarySerializer);

        return options.Provider switch
        {
            SiloStorageProvider.PostgreSql => silo.AddPostgreSqlStorage(options),
            _ => silo
                .UseLocalhostClustering()
                .AddMemoryGrainStorage(MirrorStorage.Name)
                .AddMemoryGrainStorage(AccessStorage.Name)
                .AddMemoryGrainStorage(PubSubStore)
                .AddMemoryGrainStorageAsDefault()
                .UseInMemoryReminderService(),
        };
    }

    private static ISiloBuilder AddPostgreSqlStorage(this ISiloBuilder silo, SiloStorageOptions options)
    {
        var connectionString = options.ConnectionString!;
        if (options.ApplySchema)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInitializer>();
        }

        return silo
            .UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = SiloStorageOptions.NpgsqlInvariant;
                clustering.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(MirrorStorage.Name, storage =>
            {
                storage.Invariant = SiloStorageOptions.NpgsqlInvariant;
                storage.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(AccessStorage.Name, storage =>
            {
                storage.Invariant = SiloStorageOptions.NpgsqlInvariant;
                storage.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(PubSubStore, storage =>
            {
                storage.Invariant = SiloStorageOptions.NpgsqlInvariant;
                storage.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorageAsDefault(storage =>
            {
                storage.Invariant = SiloStorageOptions.NpgsqlInvariant;
                storage.ConnectionString = connectionString;
            })
            .UseAdoNetReminderService(reminders =>
            {
                reminders.Invariant = SiloStorageOptions.NpgsqlInvariant;
                reminders.ConnectionString = connectionString;
            });
    }

    private static void UseBinarySerializer(IStorageProviderSerializerOptions options, Serializer serializer) =>
        options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

    private static void Validate(SiloStorageOptions options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(
                SiloStorageOptions.SectionName, typeof(SiloStorageOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }
    }
}
