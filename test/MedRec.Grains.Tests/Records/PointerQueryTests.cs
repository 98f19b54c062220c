using MedRec.Grains.Records;

namespace MedRec.Grains.Tests.Records;

public sealed class PointerQueryTests
{
    [Theory]
    [InlineData("Observation?patient=p1", "Observation?patient=p1")]
    [InlineData("Condition?patient=abc-123.x&category=problem-list-item", "Condition?patient=abc-123.x&category=problem-list-item")]
    [InlineData("Observation?_count=10&code=http://loinc.org|29463-7&patient=p1", "Observation?patient=p1&code=http://loinc.org|29463-7&_count=10")]
    [InlineData("MedicationRequest?patient=p1&code=1049621", "MedicationRequest?patient=p1&code=1049621")]
    [InlineData("Immunization?patient=p1&code=urn:oid:2.16.840.1.113883.12.292|140", "Immunization?patient=p1&code=urn:oid:2.16.840.1.113883.12.292|140")]
    [InlineData("Encounter?date=le2024-12-31&patient=p1&date=ge2024-01-01", "Encounter?patient=p1&date=ge2024-01-01&date=le2024-12-31")]
    [InlineData("Observation?patient=p1&date=gt2024-01-31", "Observation?patient=p1&date=ge2024-02-01")]
    [InlineData("Observation?patient=p1&date=lt2024-03-01", "Observation?patient=p1&date=le2024-02-29")]
    [InlineData("Observation?patient=p1&date=eq2024-05-06", "Observation?patient=p1&date=ge2024-05-06&date=le2024-05-06")]
    [InlineData("Observation?patient=p1&date=2024-05-06", "Observation?patient=p1&date=ge2024-05-06&date=le2024-05-06")]
    [InlineData("Observation?patient=p1&date=ge2024-05-06T10:15:00+02:00", "Observation?patient=p1&date=ge2024-05-06T08:15:00Z")]
    [InlineData("Observation?patient=p1&date=ge2024-05-06T00:30:00.250-01:00", "Observation?patient=p1&date=ge2024-05-06T01:30:00.250Z")]
    [InlineData("Observation?patient=p1&date=gt2024-05-06T23:59:59Z", "Observation?patient=p1&date=ge2024-05-07T00:00:00Z")]
    [InlineData("Observation?patient=p1&date=lt2024-05-06T00:00:00.000001Z", "Observation?patient=p1&date=le2024-05-06T00:00:00.000000Z")]
    [InlineData("DiagnosticReport?patient=p1&category=LAB&_count=1000", "DiagnosticReport?patient=p1&category=LAB&_count=1000")]
    [InlineData("AllergyIntolerance?patient=p1&category=food", "AllergyIntolerance?patient=p1&category=food")]
    [InlineData("Procedure?patient=p1&code=https://snomed.info:443/sct/|80146002", "Procedure?patient=p1&code=https://snomed.info:443/sct/|80146002")]
    public void Accepts_the_grammar_and_writes_the_canonical_text(string text, string canonical)
    {
        var query = PointerQuery.Parse(text);

        Assert.Equal(canonical, query.Canonical);
        Assert.Equal(canonical, query.ToString());
        Assert.Equal(query.Canonical, PointerQuery.Parse(query.Canonical).Canonical);
    }

    [Fact]
    public void Exposes_the_parsed_parts()
    {
        var query = PointerQuery.Parse("Observation?patient=p1&category=vital-signs&code=http://loinc.org|8867-4&date=ge2024-01-01&date=lt2024-02-01T12:00:00Z&_count=5");

        Assert.Equal("Observation", query.ResourceType);
        Assert.Equal("p1", query.PatientId);
        Assert.Equal("vital-signs", query.Category);
        Assert.Equal("http://loinc.org", query.CodeSystem);
        Assert.Equal("8867-4", query.Code);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), query.EffectiveFrom);
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 12, 0, 0, TimeSpan.Zero), query.EffectiveBefore); // lt t = le t-1s: before t
        Assert.Equal(5, query.Count);
    }

    [Fact]
    public void A_day_bound_covers_the_whole_day_and_an_instant_the_span_of_its_last_digit()
    {
        var day = PointerQuery.Parse("Observation?patient=p&date=eq2024-03-10");
        Assert.Equal(new DateTimeOffset(2024, 3, 10, 0, 0, 0, TimeSpan.Zero), day.EffectiveFrom);
        Assert.Equal(new DateTimeOffset(2024, 3, 11, 0, 0, 0, TimeSpan.Zero), day.EffectiveBefore);

        var tenth = PointerQuery.Parse("Observation?patient=p&date=eq2024-03-10T10:00:00.5Z");
        Assert.Equal(TimeSpan.FromMilliseconds(100), tenth.EffectiveBefore - tenth.EffectiveFrom);

        var noBounds = PointerQuery.Parse("Observation?patient=p");
        Assert.Null(noBounds.EffectiveFrom);
        Assert.Null(noBounds.EffectiveBefore);
        Assert.Null(noBounds.Count);
    }

    [Fact]
    public void Equivalent_queries_are_equal_and_commit_alike()
    {
        var a = PointerQuery.Parse("Observation?patient=p1&date=gt2023-12-31&code=8867-4");
        var b = PointerQuery.Parse("Observation?code=8867-4&date=ge2024-01-01&patient=p1");
        var salt = "0x" + new string('a', 64);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Commitment(salt), b.Commitment(salt));
        Assert.NotEqual(a.Commitment(salt), a.Commitment("0x" + new string('b', 64)));
    }

    [Fact]
    public void The_commitment_is_keccak_of_salt_bytes_then_canonical_utf8()
    {
        var query = PointerQuery.Parse("Condition?patient=p1");
        var salt = "0x" + string.Concat(Enumerable.Range(0, 32).Select(i => i.ToString("x2")));
        var message = Convert.FromHexString(salt[2..]).Concat("Condition?patient=p1"u8.ToArray()).ToArray();
        var expected = "0x" + Convert.ToHexStringLower(Nethereum.Util.Sha3Keccack.Current.CalculateHash(message));

        Assert.Equal(expected, query.Commitment(salt));
        Assert.Matches("^0x[0-9a-f]{64}$", query.Commitment(salt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("0xgggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg")]
    public void A_commitment_needs_a_32_byte_salt(string salt)
    {
        Assert.Throws<ArgumentException>(() => PointerQuery.Parse("Condition?patient=p1").Commitment(salt));
    }

    [Theory]
    // SQL and other injections: refused by the alphabet before any parsing.
    [InlineData("Observation?patient=1' OR '1'='1", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1&code=x;DROP TABLE records", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1;DELETE FROM records", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1&code=\"x\"", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1/*comment*/", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1%27%20OR%201=1", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1&code=a b", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1\n", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1\0", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1&code=x)", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1&code=caf\u00e9", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1&code=x,y", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1&code=x*", QueryRejectionCodes.InvalidCharacter)]
    [InlineData("Observation?patient=p1#", QueryRejectionCodes.InvalidCharacter)]
    // Inside the alphabet but outside a value's pattern.
    [InlineData("Observation?patient=p1--", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&code=x--DROP", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&code=http://x--y|1", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&code=x|y", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&code=|y", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&code=http://loinc.org|", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&code=http://loinc.org|a|b", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&code=javascript:alert|1", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&category=", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&category=-x", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&category=a=b", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=a_b", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=Patient/p1", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&_count=0", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&_count=1001", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&_count=-1", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&_count=010", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&_count=99999999999", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&_count=ten", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=2024-02-30", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=2024-13-01", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=24-01-01", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=2024-01", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=ne2024-01-01", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=ge2024-01-01T10:00:00", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=ge2024-01-01T25:00:00Z", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=ge2024-01-01T10:00:00+15:00", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=ge2024-01-01T10:00:00.1234567Z", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?patient=p1&date=ge0000-01-01", QueryRejectionCodes.InvalidValue)]
    // Parameters and resource types outside the grammar.
    [InlineData("Observation?patient=p1&subject=p2", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Observation?patient=p1&_sort=date", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Observation?patient=p1&code:text=x", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Observation?patient:missing=true", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Observation?patient=p1&PATIENT=p2", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Immunization?patient=p1&category=x", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Patient?patient=p1", QueryRejectionCodes.UnknownResourceType)]
    [InlineData("observation?patient=p1", QueryRejectionCodes.UnknownResourceType)]
    [InlineData("Observation/1?patient=p1", QueryRejectionCodes.UnknownResourceType)]
    [InlineData("records?patient=p1", QueryRejectionCodes.UnknownResourceType)]
    // Repetition.
    [InlineData("Observation?patient=p1&patient=p2", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Observation?patient=p1&code=a&code=b", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Observation?patient=p1&category=a&category=b", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Observation?patient=p1&_count=1&_count=2", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Observation?patient=p1&date=ge2024-01-01&date=gt2024-02-01", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Observation?patient=p1&date=le2024-01-01&date=lt2024-02-01", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Observation?patient=p1&date=eq2024-01-01&date=le2024-02-01", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Observation?patient=p1&date=ge2024-01-01&date=le2024-02-01&date=le2024-03-01", QueryRejectionCodes.DuplicateParameter)]
    // Date ranges.
    [InlineData("Observation?patient=p1&date=ge2024-02-01&date=le2024-01-01", QueryRejectionCodes.InvalidDateRange)]
    [InlineData("Observation?patient=p1&date=gt2024-01-01&date=lt2024-01-02", QueryRejectionCodes.InvalidDateRange)]
    [InlineData("Observation?patient=p1&date=ge2024-01-01T10:00:00Z&date=lt2024-01-01T10:00:00Z", QueryRejectionCodes.InvalidDateRange)]
    [InlineData("Observation?patient=p1&date=gt9999-12-31", QueryRejectionCodes.InvalidDateRange)]
    [InlineData("Observation?patient=p1&date=lt0001-01-01", QueryRejectionCodes.InvalidDateRange)]
    [InlineData("Observation?patient=p1&date=eq9999-12-31", QueryRejectionCodes.InvalidDateRange)]
    // Shape.
    [InlineData("", QueryRejectionCodes.Malformed)]
    [InlineData("Observation", QueryRejectionCodes.Malformed)]
    [InlineData("?patient=p1", QueryRejectionCodes.Malformed)]
    [InlineData("Observation?patient=p1&", QueryRejectionCodes.Malformed)]
    [InlineData("Observation?&patient=p1", QueryRejectionCodes.Malformed)]
    [InlineData("Observation?patient=p1&&code=x", QueryRejectionCodes.Malformed)]
    [InlineData("Observation?patient", QueryRejectionCodes.Malformed)]
    [InlineData("Observation?=p1", QueryRejectionCodes.Malformed)]
    [InlineData("Observation?patient=p1?x=1", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?", QueryRejectionCodes.MissingPatient)]
    [InlineData("Observation?code=x", QueryRejectionCodes.MissingPatient)]
    public void Refuses_what_is_outside_the_grammar_with_a_stable_code(string text, string code)
    {
        var error = Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse(text));

        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(PointerQuery.TryParse(text, out var query, out var rejection));
        Assert.Null(query);
        Assert.Equal(code, rejection!.Code);
    }

    [Fact]
    public void Refuses_a_query_longer_than_the_limit_before_looking_at_it()
    {
        var longest = "Observation?patient=" + new string('a', 64) + "&code=http://x.org/" + new string('b', 180) + "|c";
        Assert.True(longest.Length < PointerQuery.MaxLength);
        PointerQuery.Parse(longest);

        var tooLong = "Observation?patient=p1&" + string.Join('&', Enumerable.Repeat("code=x", 200)) + "'";
        Assert.Equal(QueryRejectionCodes.TooLong, Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse(tooLong)).Code);
        Assert.Equal(QueryRejectionCodes.TooLong,
            Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse(new string('x', PointerQuery.MaxLength + 1))).Code);
    }

    [Fact]
    public void Refuses_overlong_values()
    {
        Assert.Equal(QueryRejectionCodes.InvalidValue,
            Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse("Observation?patient=" + new string('a', 65))).Code);
        Assert.Equal(QueryRejectionCodes.InvalidValue,
            Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse("Observation?patient=p&code=" + new string('a', 65))).Code);
        Assert.Equal(QueryRejectionCodes.InvalidValue,
            Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse("Observation?patient=p&code=http://x.org/" + new string('a', 190) + "|c")).Code);
    }

    [Fact]
    public void Messages_name_the_problem()
    {
        Assert.Contains("'''", Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse("Observation?patient=1'")).Message, StringComparison.Ordinal);
        Assert.Contains("subject", Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse("Observation?patient=1&subject=2")).Message, StringComparison.Ordinal);
        Assert.Contains("Condition", Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse("Patient?patient=1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_allowed_resource_type_parses()
    {
        Assert.Equal(
            ["AllergyIntolerance", "Condition", "DiagnosticReport", "Encounter", "Immunization", "MedicationRequest", "Observation", "Procedure"],
            PointerQuery.ResourceTypes);
        foreach (var type in PointerQuery.ResourceTypes)
        {
            Assert.Equal(type, PointerQuery.Parse($"{type}?patient=p1").ResourceType);
        }
    }

    [Fact]
    public void A_new_pointer_has_random_ids_and_commits_to_its_canonical_query()
    {
        var query = PointerQuery.Parse("Observation?code=8867-4&patient=p1");
        var createdAt = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

        var a = PointerDefinition.Create("0xAbCdEf0000000000000000000000000000000001", query, createdAt);
        var b = PointerDefinition.Create("0xabcdef0000000000000000000000000000000001", query, createdAt);

        Assert.Matches("^0x[0-9a-f]{64}$", a.PointerId);
        Assert.Matches("^0x[0-9a-f]{64}$", a.Salt);
        Assert.NotEqual(a.PointerId, b.PointerId);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.Equal("0xabcdef0000000000000000000000000000000001", a.PatientAddress);
        Assert.Equal("Observation?patient=p1&code=8867-4", a.Query);
        Assert.Equal(query.Commitment(a.Salt), a.Commitment());
        Assert.NotEqual(a.Commitment(), b.Commitment());
        Assert.Throws<ArgumentException>(() => PointerDefinition.Create("0x12", query, createdAt));
    }
}
