using MedRec.Grains.Records;

namespace MedRec.Grains.Tests.Records;

public sealed class ResearchQueryTests
{
    [Fact]
    public void A_full_query_parses_to_one_canonical_text()
    {
        var query = ResearchQuery.Parse(
            "Observation?group=code,year&bucket=10.50&code=http://loinc.org|8480-6&date=lt2024-01-01&measure=histogram&date=gt2019-12-31&category=vital-signs");

        Assert.Equal(ResearchMeasure.Histogram, query.Measure);
        Assert.Equal(ResearchGroup.Year | ResearchGroup.Code, query.Groups);
        Assert.Equal(10.5m, query.BucketWidth);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), query.EffectiveFrom);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), query.EffectiveBefore);
        Assert.Equal(
            "Observation?measure=histogram&category=vital-signs&code=http://loinc.org|8480-6&date=ge2020-01-01&date=le2023-12-31&bucket=10.5&group=year,code",
            query.Canonical);
        Assert.Equal(query, ResearchQuery.Parse(query.Canonical));
        Assert.StartsWith("0x", query.Hash, StringComparison.Ordinal);
        Assert.Equal(66, query.Hash.Length);
    }

    [Theory]
    [InlineData("Condition?measure=patients")]
    [InlineData("Condition?measure=records&group=year,category,code")]
    [InlineData("MedicationRequest?measure=patients&code=http://www.nlm.nih.gov/research/umls/rxnorm|1049621&date=ge2023-01-01")]
    [InlineData("Observation?measure=mean&code=http://loinc.org|8480-6&group=year")]
    [InlineData("Immunization?measure=patients&group=year")]
    public void Queries_inside_the_language_parse(string text) => Assert.NotNull(ResearchQuery.Parse(text));

    [Theory]
    [InlineData("", QueryRejectionCodes.Malformed)]
    [InlineData("Observation", QueryRejectionCodes.Malformed)]
    [InlineData("Observation?", ResearchQueryRejectionCodes.MissingMeasure)]
    [InlineData("Observation?code=8480-6", ResearchQueryRejectionCodes.MissingMeasure)]
    [InlineData("Patient?measure=patients", QueryRejectionCodes.UnknownResourceType)]
    [InlineData("observation?measure=patients", QueryRejectionCodes.UnknownResourceType)]
    [InlineData("Observation?measure=median", ResearchQueryRejectionCodes.UnknownMeasure)]
    [InlineData("Observation?measure=patients&measure=records", QueryRejectionCodes.DuplicateParameter)]
    [InlineData("Condition?measure=mean&code=http://snomed.info/sct|44054006", ResearchQueryRejectionCodes.MeasureUnsupported)]
    [InlineData("Observation?measure=mean", ResearchQueryRejectionCodes.MeasureUnsupported)]
    [InlineData("Observation?measure=patients&bucket=5", ResearchQueryRejectionCodes.MeasureUnsupported)]
    [InlineData("Observation?measure=histogram&code=8480-6", ResearchQueryRejectionCodes.InvalidBucket)]
    [InlineData("Observation?measure=histogram&code=8480-6&bucket=0", ResearchQueryRejectionCodes.InvalidBucket)]
    [InlineData("Observation?measure=histogram&code=8480-6&bucket=-5", ResearchQueryRejectionCodes.InvalidBucket)]
    [InlineData("Observation?measure=histogram&code=8480-6&bucket=1e3", ResearchQueryRejectionCodes.InvalidBucket)]
    [InlineData("Observation?measure=patients&group=age", ResearchQueryRejectionCodes.InvalidGroup)]
    [InlineData("Observation?measure=patients&group=gender", ResearchQueryRejectionCodes.InvalidGroup)]
    [InlineData("Observation?measure=patients&group=year,year", ResearchQueryRejectionCodes.InvalidGroup)]
    [InlineData("Observation?measure=patients&group=", ResearchQueryRejectionCodes.InvalidGroup)]
    [InlineData("Immunization?measure=patients&group=category", ResearchQueryRejectionCodes.InvalidGroup)]
    [InlineData("Immunization?measure=patients&category=x", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Observation?measure=patients&patient=p1", ResearchQueryRejectionCodes.PatientNotAllowed)]
    [InlineData("Observation?measure=patients&_count=5", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Observation?measure=patients&code:text=x", QueryRejectionCodes.UnsupportedParameter)]
    [InlineData("Observation?measure=patients&date=ge2024-01-01&date=lt2023-01-01", QueryRejectionCodes.InvalidDateRange)]
    [InlineData("Observation?measure=patients&date=2024-13-01", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?measure=patients&&code=x", QueryRejectionCodes.Malformed)]
    public void Queries_outside_the_language_are_refused_with_a_stable_code(string text, string code)
    {
        var rejected = Assert.Throws<QueryRejectedException>(() => ResearchQuery.Parse(text));
        Assert.Equal(code, rejected.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
    }

    [Theory]
    [InlineData("Observation?measure=patients&code=x'; DROP TABLE records; --")]
    [InlineData("Observation?measure=patients&code=x%27")]
    [InlineData("Observation?measure=patients&category=a\"b")]
    [InlineData("Observation?measure=patients&code=a;b")]
    [InlineData("Observation?measure=patients&code=a*b")]
    [InlineData("Observation?measure=patients&code=a b")]
    [InlineData("Observation?measure=patients&code=(a)")]
    public void SQL_metacharacters_are_outside_the_alphabet(string text)
    {
        var rejected = Assert.Throws<QueryRejectedException>(() => ResearchQuery.Parse(text));
        Assert.Equal(QueryRejectionCodes.InvalidCharacter, rejected.Code);
    }

    [Theory]
    [InlineData("Observation?measure=patients&code=a--b", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?measure=patients&category=x--", QueryRejectionCodes.InvalidValue)]
    [InlineData("Observation?measure=patients&code=javascript:alert|x", QueryRejectionCodes.InvalidValue)]
    public void Comment_markers_and_odd_systems_inside_the_alphabet_are_refused_as_values(string text, string code) =>
        Assert.Equal(code, Assert.Throws<QueryRejectedException>(() => ResearchQuery.Parse(text)).Code);

    [Fact]
    public void A_query_longer_than_the_limit_is_refused()
    {
        var text = "Observation?measure=patients&code=" + new string('a', ResearchQuery.MaxLength);
        Assert.Equal(QueryRejectionCodes.TooLong, Assert.Throws<QueryRejectedException>(() => ResearchQuery.Parse(text)).Code);
    }
}
