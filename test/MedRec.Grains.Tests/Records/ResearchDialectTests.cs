using System.Data;
using MedRec.Grains.Records;

namespace MedRec.Grains.Tests.Records;

/// <summary>The research aggregate's SQL per dialect, checked as text and parameters (no SQL Server runs here; SQLite
/// and PostgreSQL also run it in the store contract tests).</summary>
public sealed class ResearchDialectTests
{
    private const string Histogram =
        "Observation?measure=histogram&category=vital-signs&code=http://loinc.org|8480-6&date=ge2020-01-01&date=lt2024-01-01&bucket=10&group=year,category,code";

    [Fact]
    public void SQL_Server_histogram_is_fixed_text_with_typed_parameters()
    {
        var statement = new SqlServerDialect("provider_a").SelectResearchRows(ResearchQuery.Parse(Histogram));

        Assert.Equal(
            "SELECT patient_address, g_year, g_category, g_code_system, g_code, g_bucket, COUNT_BIG(*) AS record_count, SUM(value) AS value_sum\n" +
            "FROM (\n" +
            "  SELECT patient_address, g_year, g_category, g_code_system, g_code, value, CAST(FLOOR(value / @bucket_width) AS bigint) AS g_bucket\n" +
            "  FROM (\n" +
            "    SELECT l.patient_address AS patient_address, DATEPART(year, r.effective) AS g_year, r.category AS g_category, " +
            "r.code_system AS g_code_system, r.code AS g_code, TRY_CAST(JSON_VALUE(r.json, '$.valueQuantity.value') AS float) AS value\n" +
            "    FROM [provider_a].records r\n" +
            "    JOIN [provider_a].patient_links l ON l.local_patient_id = r.local_patient_id\n" +
            "    WHERE r.resource_type = @resource_type AND r.category = @category AND r.code_system = @code_system AND r.code = @code" +
            " AND r.effective >= @effective_from AND r.effective < @effective_before\n" +
            "  ) s\n" +
            "  WHERE value IS NOT NULL\n" +
            ") t\n" +
            "GROUP BY patient_address, g_year, g_category, g_code_system, g_code, g_bucket",
            statement.Text);
        Assert.Equal(
            [
                new SqlArgument("@resource_type", DbType.String, "Observation"),
                new SqlArgument("@category", DbType.String, "vital-signs"),
                new SqlArgument("@code_system", DbType.String, "http://loinc.org"),
                new SqlArgument("@code", DbType.String, "8480-6"),
                new SqlArgument("@effective_from", DbType.DateTimeOffset, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
                new SqlArgument("@effective_before", DbType.DateTimeOffset, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
                new SqlArgument("@bucket_width", DbType.Double, 10d),
            ],
            statement.Parameters);
    }

    [Fact]
    public void SQL_Server_patient_count_without_groups_reads_no_json()
    {
        var statement = new SqlServerDialect().SelectResearchRows(ResearchQuery.Parse("Condition?measure=patients&code=44054006"));

        Assert.Equal(
            "SELECT patient_address, COUNT_BIG(*) AS record_count\n" +
            "FROM (\n" +
            "  SELECT patient_address\n" +
            "  FROM (\n" +
            "    SELECT l.patient_address AS patient_address\n" +
            "    FROM [dbo].records r\n" +
            "    JOIN [dbo].patient_links l ON l.local_patient_id = r.local_patient_id\n" +
            "    WHERE r.resource_type = @resource_type AND r.code = @code\n" +
            "  ) s\n" +
            ") t\n" +
            "GROUP BY patient_address",
            statement.Text);
        Assert.Equal(["@resource_type", "@code"], statement.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void PostgreSQL_parses_the_json_text_once_into_jsonb_and_SQLite_uses_json_extract()
    {
        var query = ResearchQuery.Parse("Observation?measure=mean&code=http://loinc.org|8480-6&group=year");

        var postgres = new PostgreSqlDialect("provider_a").SelectResearchRows(query).Text;
        Assert.Contains("CROSS JOIN LATERAL (SELECT CAST(r.json AS jsonb) -> 'valueQuantity' -> 'value' AS v) q", postgres, StringComparison.Ordinal);
        Assert.Contains("CAST(EXTRACT(YEAR FROM r.effective AT TIME ZONE 'UTC') AS integer) AS g_year", postgres, StringComparison.Ordinal);
        Assert.Contains("FROM \"provider_a\".records r", postgres, StringComparison.Ordinal);

        var sqlite = new SqliteDialect().SelectResearchRows(ResearchQuery.Parse(Histogram)).Text;
        Assert.Contains("json_extract(r.json, '$.valueQuantity.value')", sqlite, StringComparison.Ordinal);
        Assert.Contains("CAST(substr(r.effective, 1, 4) AS INTEGER) AS g_year", sqlite, StringComparison.Ordinal);
        Assert.DoesNotContain("FLOOR", sqlite, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_never_reach_the_statement_text()
    {
        // The alphabet lets through characters that matter to SQL in other places ('.', '-', ':', '/', '|', '+');
        // whatever the values, the text is the same fixed fragments.
        var first = ResearchQuery.Parse("Observation?measure=records&code=urn:oid:1.2.3|a.b-c_d&category=x.y-z");
        var second = ResearchQuery.Parse("Observation?measure=records&code=http://e.org/s|q&category=w");
        foreach (ProviderSqlDialect dialect in new ProviderSqlDialect[] { new SqlServerDialect(), new PostgreSqlDialect("p"), new SqliteDialect() })
        {
            var a = dialect.SelectResearchRows(first);
            var b = dialect.SelectResearchRows(second);
            Assert.Equal(a.Text, b.Text);
            Assert.DoesNotContain("a.b-c_d", a.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("urn:oid", a.Text, StringComparison.Ordinal);
            Assert.Equal("a.b-c_d", a.Parameter("@code").Value);
        }
    }

    [Fact]
    public void A_researchers_audit_is_selected_by_asker_and_action()
    {
        var statement = new SqlServerDialect("provider_a").SelectAuditOfAsker("0xabc", Grains.Abstractions.Access.AccessAction.Research, 10);
        Assert.StartsWith("SELECT TOP (@limit) ", statement.Text, StringComparison.Ordinal);
        Assert.Equal("research", statement.Parameter("@action").Value);
    }
}
