using System.Text;
using MedRec.Grains.Records;
using Nethereum.Util;

namespace MedRec.Grains.Tests.Records;

public sealed class RecordHasherTests
{
    [Fact]
    public void Sorts_members_by_name_and_drops_whitespace()
    {
        Assert.Equal(
            """{"a":[true,false,null,"x",{"c":1,"d":2}],"b":{}}""",
            RecordHasher.CanonicalJson(" {\n \"b\" : { } ,\t\"a\" : [ true , false , null , \"x\" , { \"d\" : 2 , \"c\" : 1 } ] }\r\n"));
    }

    [Fact]
    public void Orders_member_names_by_utf16_code_units_as_jcs_does()
    {
        // RFC 8785 3.2.3: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33".
        var json = """{"\u20ac":"Euro","\r":"Carriage Return","\ufb33":"Hebrew","1":"One","\ud83d\ude00":"Emoji","\u0080":"Control","\u00f6":"Latin"}""";

        var canonical = RecordHasher.CanonicalJson(json);

        Assert.Equal("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin\",\"\u20ac\":\"Euro\",\"\ud83d\ude00\":\"Emoji\",\"\ufb33\":\"Hebrew\"}", canonical);
    }

    [Fact]
    public void Escapes_only_quote_backslash_and_control_characters()
    {
        var canonical = RecordHasher.CanonicalJson("""["\u0041\/\u00e9\u2028", "\"\\\b\f\n\r\t\u0000\u001f\u007f"]""");

        Assert.Equal("[\"A/\u00e9\u2028\",\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\"]", canonical);
    }

    [Fact]
    public void Keeps_number_literals_because_fhir_decimals_carry_their_precision()
    {
        Assert.Equal("""{"a":1.50,"b":-0,"c":1e2,"d":123456789012345678901234567890.123}""",
            RecordHasher.CanonicalJson("""{ "d": 123456789012345678901234567890.123, "c": 1e2, "b": -0, "a": 1.50 }"""));
        Assert.NotEqual(Hash("""{"value":1.50}"""), Hash("""{"value":1.5}"""));
        Assert.NotEqual(Hash("""{"value":0.10000000000000000001}"""), Hash("""{"value":0.10000000000000000002}"""));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":{"b":1,"b":1}}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1} // comment""")]
    [InlineData("""{"a":'x'}""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"\udc00":1}""")]
    public void Refuses_json_without_a_canonical_form(string json)
    {
        Assert.Throws<RecordCanonicalizationException>(() => RecordHasher.CanonicalJson(json));
        Assert.Throws<RecordCanonicalizationException>(() => RecordHasher.Hash([Record("r1", json)]));
    }

    [Fact]
    public void The_hash_is_keccak_of_the_json_array_of_canonical_records()
    {
        var records = new[] { Record("r1", """{ "id": "r1", "resourceType": "Condition" }"""), Record("r2", """{"resourceType":"Condition","id":"r2"}""") };
        const string canonical = """[{"id":"r1","resourceType":"Condition"},{"id":"r2","resourceType":"Condition"}]""";

        Assert.Equal(canonical, Encoding.UTF8.GetString(RecordHasher.CanonicalForm(records)));
        Assert.Equal("0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(canonical))), RecordHasher.Hash(records));
        Assert.Equal("0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash("[]"u8.ToArray())), RecordHasher.Hash([]));
    }

    [Fact]
    public void Layout_of_the_stored_json_does_not_change_the_hash_but_content_and_order_do()
    {
        var a = Record("a", """{"resourceType":"Observation","id":"a","valueString":"caf\u00e9"}""");
        var aRelaid = Record("a", "{\n  \"valueString\" : \"caf\\u00e9\",\n  \"id\" : \"a\",\n  \"resourceType\" : \"Observation\"\n}");
        var aChanged = Record("a", """{"resourceType":"Observation","id":"a","valueString":"cafe"}""");
        var b = Record("b", """{"resourceType":"Observation","id":"b"}""");

        Assert.Equal(RecordHasher.Hash([a, b]), RecordHasher.Hash([aRelaid, b]));
        Assert.NotEqual(RecordHasher.Hash([a, b]), RecordHasher.Hash([aChanged, b]));
        Assert.NotEqual(RecordHasher.Hash([a, b]), RecordHasher.Hash([b, a]));
        Assert.NotEqual(RecordHasher.Hash([a, b]), RecordHasher.Hash([a]));
        Assert.Matches("^0x[0-9a-f]{64}$", RecordHasher.Hash([a]));
    }

    [Fact]
    public void Only_the_json_is_hashed_since_the_search_columns_are_derived_from_it()
    {
        var record = Record("a", """{"resourceType":"Observation","id":"a"}""");

        Assert.Equal(RecordHasher.Hash([record]), RecordHasher.Hash([record with { Code = "other", Effective = DateTimeOffset.UnixEpoch }]));
    }

    private static string Hash(string json) => RecordHasher.Hash([Record("r", json)]);

    private static StoredRecord Record(string id, string json) => new("Observation", id, "p1", null, null, null, null, json);
}
