using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MedRec.Host.Api.Tests.Deployment;

/// <summary>The repository's deploy/ folder read as files: YAML documents, Dockerfiles, and the environment variables
/// they hand to MedRec's containers.</summary>
internal static partial class DeployTree
{
    /// <summary>MedRec's own images; other containers (PostgreSQL, Besu) are configured by their own conventions.</summary>
    public const string ImagePrefix = "medrec/";

    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> Files(params string[] extensions) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    public static IReadOnlyList<YamlDocument> Parse(string yamlFile)
    {
        using var reader = new StreamReader(yamlFile);
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents];
    }

    /// <summary>Every Kubernetes object in deploy/k8s (List items flattened).</summary>
    public static IEnumerable<(string File, YamlMappingNode Object)> KubernetesObjects() =>
        Files(".yaml", ".yml")
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}k8s{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Parse(f).Select(d => (f, d.RootNode)))
            .Where(x => x.RootNode is YamlMappingNode)
            .Select(x => (x.f, (YamlMappingNode)x.RootNode));

    /// <summary>The environment MedRec's containers get: ConfigMap entries shaped as variables (envFrom), the env of
    /// containers running a MedRec image, and the ENV of the Dockerfiles. Value is null when it comes from a
    /// Secret or the downward API.</summary>
    public static IEnumerable<EnvironmentSetting> MedRecEnvironment()
    {
        foreach (var (file, obj) in KubernetesObjects())
        {
            var kind = Scalar(obj, "kind");
            if (kind == "ConfigMap" && obj.Children.TryGetValue(new YamlScalarNode("data"), out var data) && data is YamlMappingNode entries)
            {
                foreach (var (name, value) in entries.Children)
                {
                    var key = ((YamlScalarNode)name).Value!;
                    // A file in the ConfigMap (deployment.json) is mounted, not an environment variable.
                    if (!key.Contains('.')) yield return new EnvironmentSetting(Relative(file), key, ((YamlScalarNode)value).Value);
                }
            }

            if (Node(obj, "spec", "template", "spec", "containers") is YamlSequenceNode containers)
            {
                foreach (var container in containers.OfType<YamlMappingNode>())
                {
                    if (Scalar(container, "image")?.StartsWith(ImagePrefix, StringComparison.Ordinal) != true) continue;
                    if (Node(container, "env") is not YamlSequenceNode env) continue;
                    foreach (var variable in env.OfType<YamlMappingNode>())
                    {
                        yield return new EnvironmentSetting(Relative(file), Scalar(variable, "name")!, Scalar(variable, "value"));
                    }
                }
            }
        }

        foreach (var dockerfile in Directory.EnumerateFiles(Root, "*Dockerfile", SearchOption.AllDirectories))
        {
            // Continuation lines joined, so one ENV instruction is one line.
            var text = File.ReadAllText(dockerfile).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var line in text.Split('\n').Where(l => l.TrimStart().StartsWith("ENV ", StringComparison.Ordinal)))
            {
                foreach (Match pair in EnvPair().Matches(line.TrimStart()[4..]))
                {
                    yield return new EnvironmentSetting(Relative(dockerfile), pair.Groups["name"].Value, pair.Groups["value"].Value);
                }
            }
        }
    }

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode? Node(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next)) return null;
            node = next;
        }

        return node;
    }

    public static string Relative(string file) => Path.GetRelativePath(Path.GetDirectoryName(Root)!, file);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MedRec.Orleans.sln")))
            {
                return Path.Combine(directory.FullName, "deploy");
            }
        }

        throw new DirectoryNotFoundException($"No MedRec.Orleans.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex EnvPair();
}
