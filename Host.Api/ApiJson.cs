using System.Text.Json;
using System.Text.Json.Serialization;
using MedRec.Host.Api.Problems;

namespace MedRec.Host.Api;

/// <summary>The API's JSON: camelCase, enums as camelCase strings (a purpose set as an array of purpose names),
/// unknown members refused, required constructor members and non-nullable annotations respected. Used for request
/// bodies, answers and by the client.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>How a client reads answers: tolerant of members it does not know, so a newer server does not break it.</summary>
    public static JsonSerializerOptions ClientOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new PurposeSetJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        // Before the enum converter: the first converter that can convert a type wins.
        options.Converters.Add(new PurposeSetJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    /// <summary>A request body.</summary>
    /// <exception cref="ApiProblemException">400 malformed-json or unknown-member.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options) ?? throw ApiProblemException.BadRequest(ProblemCodes.MalformedJson, "The body is JSON null.");
        }
        catch (JsonException error)
        {
            var unknown = error.Message.Contains("could not be mapped", StringComparison.Ordinal);
            throw ApiProblemException.BadRequest(unknown ? ProblemCodes.UnknownMember : ProblemCodes.MalformedJson,
                unknown ? $"The body has a member this route does not know ({error.Path})." : $"The body is not the JSON this route takes: {error.Message}");
        }
    }
}
