using System.Text.Json;
using MedRec.Silo.Storage;
using YamlDotNet.RepresentationModel;

namespace MedRec.Host.Api.Tests.Deployment;

/// <summary>What cannot run here (containers, Kubernetes, a Besu network) checked statically: every YAML and JSON file
/// under deploy/ parses, and every configuration key the manifests and Dockerfiles give MedRec's containers is one
/// the code reads, with a value that converts to its type.</summary>
public sealed class DeploymentConfigurationTests
{
    // Variables that are not .NET configuration keys but are read by what runs in the container.
    private static readonly Dictionary<string, string> PlatformVariables = new(StringComparer.Ordinal)
    {
        ["POD_NAME"] = "Orleans' Kubernetes hosting (downward API)",
        ["POD_NAMESPACE"] = "Orleans' Kubernetes hosting (downward API)",
        ["POD_IP"] = "Orleans' Kubernetes hosting; substituted into Orleans__Endpoints__AdvertisedIPAddress",
        ["ORLEANS_SERVICE_ID"] = "Orleans' Kubernetes hosting (from the pod's orleans/serviceId label)",
        ["ORLEANS_CLUSTER_ID"] = "Orleans' Kubernetes hosting (from the pod's orleans/clusterId label)",
        ["ASPNETCORE_HTTP_PORTS"] = "ASP.NET Core's Kestrel port",
    };

    [Fact]
    public void Every_yaml_file_under_deploy_parses_and_every_kubernetes_object_names_its_api_version_kind_and_name()
    {
        var files = DeployTree.Files(".yaml", ".yml").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var documents = DeployTree.Parse(file);
            Assert.True(documents.Count > 0, $"{DeployTree.Relative(file)} holds no YAML document");
        }

        var objects = DeployTree.KubernetesObjects().ToList();
        Assert.Contains(objects, o => DeployTree.Scalar(o.Object, "kind") == "Deployment");
        foreach (var (file, obj) in objects)
        {
            Assert.False(string.IsNullOrEmpty(DeployTree.Scalar(obj, "apiVersion")), $"{DeployTree.Relative(file)}: an object without apiVersion");
            Assert.False(string.IsNullOrEmpty(DeployTree.Scalar(obj, "kind")), $"{DeployTree.Relative(file)}: an object without kind");
            var kind = DeployTree.Scalar(obj, "kind");
            if (kind is not "List" and not "Kustomization")
            {
                Assert.False(DeployTree.Node(obj, "metadata", "name") is not YamlScalarNode { Value.Length: > 0 },
                    $"{DeployTree.Relative(file)}: a {kind} without metadata.name");
            }
        }
    }

    [Fact]
    public void Every_json_file_under_deploy_parses()
    {
        var files = DeployTree.Files(".json").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var exception = Record.Exception(() => JsonDocument.Parse(File.ReadAllText(file)).Dispose());
            Assert.True(exception is null, $"{DeployTree.Relative(file)} is not JSON: {exception?.Message}");
        }
    }

    [Fact]
    public void Every_configuration_key_given_to_a_medrec_container_is_read_by_the_code_and_its_value_converts()
    {
        var settings = DeployTree.MedRecEnvironment().ToList();
        var keyed = settings.Where(s => s.ConfigurationKey is not null).ToList();
        // Not vacuous: the ConfigMap, the Deployments and the Dockerfiles all contribute.
        Assert.Contains(keyed, s => s.Source.Contains("configmap", StringComparison.Ordinal));
        Assert.Contains(keyed, s => s.Source.Contains("silo.yaml", StringComparison.Ordinal));
        Assert.Contains(keyed, s => s.Source.Contains("Dockerfile", StringComparison.Ordinal));

        var problems = new List<string>();
        foreach (var setting in keyed)
        {
            var type = ConfigurationKeyCatalog.Find(setting.ConfigurationKey!);
            if (type is null)
            {
                problems.Add($"{setting.Source}: {setting.Name} is not read by any options type");
            }
            else if (setting.Value is { } value && !value.Contains("$(", StringComparison.Ordinal) && !ConfigurationKeyCatalog.Converts(type, value))
            {
                problems.Add($"{setting.Source}: {setting.Name}='{value}' does not convert to {type.Name}");
            }
        }

        foreach (var setting in settings.Where(s => s.ConfigurationKey is null && !PlatformVariables.ContainsKey(s.Name)))
        {
            problems.Add($"{setting.Source}: {setting.Name} is neither a configuration key nor a known platform variable");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_key_check_refuses_a_misspelled_key_and_a_value_of_the_wrong_type()
    {
        Assert.Equal(typeof(SiloStorageProvider), ConfigurationKeyCatalog.Find("MedRec:Storage:Provider"));
        Assert.Null(ConfigurationKeyCatalog.Find("MedRec:Storage:Provder"));
        Assert.NotNull(ConfigurationKeyCatalog.Find("MedRec:ProviderStores:0x70997970c51812dc3a010c7d01b50e0d17dc79c8:Kind"));
        Assert.Null(ConfigurationKeyCatalog.Find("MedRec:ProviderStores:0x70997970c51812dc3a010c7d01b50e0d17dc79c8:Host"));
        Assert.False(ConfigurationKeyCatalog.Converts(typeof(SiloStorageProvider), "Postgres"));
        Assert.False(ConfigurationKeyCatalog.Converts(typeof(TimeSpan), "5s"));
        Assert.True(ConfigurationKeyCatalog.Converts(typeof(TimeSpan), "00:00:05"));
    }

    [Fact]
    public void Silo_pods_carry_orleans_kubernetes_hosting_labels_equal_to_the_configured_cluster_and_its_downward_api_variables()
    {
        var config = DeployTree.MedRecEnvironment().Where(s => s.Source.Contains("configmap", StringComparison.Ordinal))
            .ToDictionary(s => s.Name, s => s.Value);
        var silo = DeployTree.KubernetesObjects().Single(o =>
            DeployTree.Scalar(o.Object, "kind") == "Deployment" && DeployTree.Node(o.Object, "metadata", "name") is YamlScalarNode { Value: "medrec-silo" }).Object;

        var labels = (YamlMappingNode)DeployTree.Node(silo, "spec", "template", "metadata", "labels")!;
        Assert.Equal(config["Orleans__ServiceId"], DeployTree.Scalar(labels, "orleans/serviceId"));
        Assert.Equal(config["Orleans__ClusterId"], DeployTree.Scalar(labels, "orleans/clusterId"));

        var container = ((YamlSequenceNode)DeployTree.Node(silo, "spec", "template", "spec", "containers")!).OfType<YamlMappingNode>().Single();
        var env = ((YamlSequenceNode)DeployTree.Node(container, "env")!).OfType<YamlMappingNode>()
            .ToDictionary(e => DeployTree.Scalar(e, "name")!, e => e);
        Assert.Equal("metadata.name", (DeployTree.Node(env["POD_NAME"], "valueFrom", "fieldRef", "fieldPath") as YamlScalarNode)?.Value);
        Assert.Equal("metadata.namespace", (DeployTree.Node(env["POD_NAMESPACE"], "valueFrom", "fieldRef", "fieldPath") as YamlScalarNode)?.Value);
        Assert.Equal("status.podIP", (DeployTree.Node(env["POD_IP"], "valueFrom", "fieldRef", "fieldPath") as YamlScalarNode)?.Value);
        Assert.Equal("metadata.labels['orleans/serviceId']", (DeployTree.Node(env["ORLEANS_SERVICE_ID"], "valueFrom", "fieldRef", "fieldPath") as YamlScalarNode)?.Value);
        Assert.Equal("metadata.labels['orleans/clusterId']", (DeployTree.Node(env["ORLEANS_CLUSTER_ID"], "valueFrom", "fieldRef", "fieldPath") as YamlScalarNode)?.Value);

        var ports = ((YamlSequenceNode)DeployTree.Node(container, "ports")!).OfType<YamlMappingNode>()
            .Select(p => DeployTree.Scalar(p, "containerPort")).ToHashSet();
        Assert.Contains("11111", ports);
        Assert.Contains("30000", ports);
    }
}
