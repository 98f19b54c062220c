using System.Reflection;
using System.Text.RegularExpressions;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Limits;
using MedRec.Host.Api.Problems;

namespace MedRec.Web.Tests;

/// <summary>The UI has its own sentence for every stable code the API can answer (ProblemCodes, the request limits',
/// the verifier's codes) and for every gatekeeper reason, so no error reaches a person as a bare code.</summary>
public sealed partial class ProblemMessagesTests
{
    [Fact]
    public void Every_problem_code_and_denial_reason_has_a_message_in_the_ui()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.Web, "src", "api", "problems.ts"));
        var keys = QuotedKey().Matches(source).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var codes = Constants(typeof(ProblemCodes)).Concat(Constants(typeof(RequestLimitProblems))).Where(c => c != ProblemCodes.TypePrefix)
            .Concat(Constants(typeof(AccessRequestRejectionCodes)))
            .Concat(Constants(typeof(AccessDenials)))
            .Distinct()
            .ToList();

        Assert.NotEmpty(codes);
        var missing = codes.Where(c => !keys.Contains(c)).ToList();
        Assert.True(missing.Count == 0, $"web/src/api/problems.ts has no message for: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> Constants(Type type) => type
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f is { IsLiteral: true, FieldType: var t } && t == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!);

    // A message table's key: 'some-code': at the start of a line.
    [GeneratedRegex(@"^\s*'([a-z0-9-]+)'\s*:", RegexOptions.Multiline)]
    private static partial Regex QuotedKey();
}
