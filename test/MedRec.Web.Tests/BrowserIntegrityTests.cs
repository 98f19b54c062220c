using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace MedRec.Web.Tests;

/// <summary>
/// A record changed in the provider's database after publication is withheld from the patient's timeline, and the
/// page says why (web/tests/browser-integrity.mjs). The record is published through the API as the clinic, then its
/// stored JSON is changed directly in the clinic's SQLite store, as a faulty or malicious system might.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserIntegrityTests(BrowserWorld world, ITestOutputHelper output)
{
    [Fact]
    public async Task A_record_changed_after_publication_is_shown_as_withheld()
    {
        Prerequisites.RequireBrowserTooling();
        var clinic = world.Named(BrowserWorld.Clinic);
        var patient = world.Named(BrowserWorld.TamperedPatient);
        var accepted = await world.Client(clinic).AddProviderRecordsAsync(patient.Address,
        [
            """{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"effectiveDateTime":"2026-01-05T10:00:00Z","valueQuantity":{"value":71,"unit":"/min"}}""",
        ]);
        await world.Client(clinic).WaitForAppliedAsync(accepted, TimeSpan.FromSeconds(60));
        Assert.Equal(1, await TamperAsync(world.StoreFile(clinic.Address), patient.Address));

        var artifacts = Path.Combine(RepositoryPaths.Web, "test-results", "browser-integrity");
        if (Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);
        var result = await NodeScript.RunAsync(RepositoryPaths.Web, Path.Combine("tests", "browser-integrity.mjs"), new Dictionary<string, string>
        {
            ["MEDREC_URL"] = world.BaseAddress.ToString(),
            ["MEDREC_IDENTITIES"] = world.IdentitiesFile,
            ["MEDREC_ARTIFACTS"] = artifacts,
            ["CHROMIUM"] = Prerequisites.Chromium,
        }, TimeSpan.FromMinutes(3));
        output.WriteLine(result.Output);

        Assert.True(result.ExitCode == 0, $"The browser integrity scenario failed (exit {result.ExitCode}); screenshots in {artifacts}.\n{result.Output}");
        Assert.True(File.Exists(Path.Combine(artifacts, "01-patient-integrity-failed.png")), $"no screenshot in {artifacts}");
    }

    /// <summary>Changes the heart rate of the patient's stored observations; answers how many rows changed.</summary>
    private static async Task<int> TamperAsync(string storeFile, string patientAddress)
    {
        await using var connection = new SqliteConnection($"Data Source={storeFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE records SET json = json_set(json, '$.valueQuantity.value', 170)
            WHERE resource_type = 'Observation'
              AND local_patient_id = (SELECT local_patient_id FROM patient_links WHERE patient_address = $patient)
            """;
        command.Parameters.AddWithValue("$patient", patientAddress);
        return await command.ExecuteNonQueryAsync();
    }
}
