using Hl7.Fhir.Model;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Records;

namespace MedRec.Grains.Tests.Access;

public sealed class AuditEventsTests
{
    private static AuditEntry Entry(bool granted, string reason) => new(
        "a1", new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), "0x" + new string('1', 40), "0x" + new string('2', 40),
        "0x" + new string('3', 40), "0x" + new string('4', 64), AccessAction.Read, granted, reason, "0x" + new string('5', 64), "payment");

    [Fact]
    public void The_declared_purpose_is_purposeOfEvent_as_its_v3_code_and_an_undeclared_entry_has_none()
    {
        var declared = AuditEvents.ToFhir(Entry(granted: true, "granted"));
        var undeclared = AuditEvents.ToFhir(Entry(granted: true, "granted") with { Purpose = AuditEntry.UndeclaredPurpose });

        var coding = Assert.Single(Assert.Single(declared.PurposeOfEvent).Coding);
        Assert.Equal((Purposes.V3CodeSystem, "HPAYMT"), (coding.System, coding.Code));
        Assert.Empty(undeclared.PurposeOfEvent);
        Assert.All(Purposes.All, purpose => Assert.Equal(purpose.ToV3Code(),
            AuditEvents.ToFhir(Entry(true, "granted") with { Purpose = purpose.ToWire() }).PurposeOfEvent.Single().Coding.Single().Code));
    }

    [Fact]
    public void A_denied_read_becomes_an_AuditEvent_with_the_asker_the_patient_the_pointer_and_the_reason()
    {
        var json = AuditEvents.BundleJson([Entry(granted: false, "no-grant")]);

        var bundle = FhirJson.Parse<Bundle>(json);
        var audit = Assert.IsType<AuditEvent>(Assert.Single(bundle.Entry).Resource);
        Assert.Equal(AuditEvent.AuditEventOutcome.N4, audit.Outcome);
        Assert.Equal("no-grant", audit.OutcomeDesc);
        Assert.Equal(AuditEvent.AuditEventAction.R, audit.Action);
        Assert.Equal("0x" + new string('3', 40), Assert.Single(audit.Agent).Who!.Identifier!.Value);
        Assert.True(audit.Agent[0].Requestor);
        Assert.Equal("0x" + new string('1', 40), audit.Source.Observer!.Identifier!.Value);
        Assert.Equal(["0x" + new string('2', 40), "0x" + new string('4', 64)], audit.Entity.Select(e => e.What!.Identifier!.Value));
        Assert.Contains("0x" + new string('5', 64), audit.Entity[1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_granted_read_has_outcome_success()
    {
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, AuditEvents.ToFhir(Entry(granted: true, "granted")).Outcome);
    }
}
