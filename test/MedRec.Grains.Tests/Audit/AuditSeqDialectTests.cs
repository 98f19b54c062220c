using System.Data;
using MedRec.Grains.Records;

namespace MedRec.Grains.Tests.Audit;

/// <summary>The audit reads that anchors and proofs use, as text and parameters (SQL Server) and in the shared shape.</summary>
public sealed class AuditSeqDialectTests
{
    [Fact]
    public void Sql_server_reads_a_seq_range_in_seq_order_with_top()
    {
        var select = new SqlServerDialect("provider_a").SelectAuditBySeq(5, 9, 100);
        Assert.Equal(
            "SELECT TOP (@limit) seq, id, occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash, purpose\n" +
            "FROM [provider_a].audit_entries\nWHERE seq >= @first_seq AND seq <= @last_seq\nORDER BY seq",
            select.Text);
        Assert.Equal(
            [new SqlArgument("@first_seq", DbType.Int64, 5L), new SqlArgument("@last_seq", DbType.Int64, 9L), new SqlArgument("@limit", DbType.Int32, 100)],
            select.Parameters);
    }

    [Fact]
    public void Sql_server_finds_one_entry_by_id_with_its_seq()
    {
        var select = new SqlServerDialect("provider_a").SelectAuditById("audit-1");
        Assert.Equal(
            "SELECT seq, id, occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash, purpose\n" +
            "FROM [provider_a].audit_entries\nWHERE id = @id",
            select.Text);
        Assert.Equal([new SqlArgument("@id", DbType.String, "audit-1")], select.Parameters);
    }

    [Fact]
    public void Sqlite_and_postgresql_limit_at_the_end()
    {
        Assert.EndsWith("ORDER BY seq\nLIMIT @limit", new SqliteDialect().SelectAuditBySeq(1, 2, 3).Text);
        Assert.EndsWith("ORDER BY seq\nLIMIT @limit", new PostgreSqlDialect("provider_a").SelectAuditBySeq(1, 2, 3).Text);
    }
}
