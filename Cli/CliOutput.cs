using MedRec.ChainIndexer.Chain;
using MedRec.Host.Api.Client;
using Spectre.Console;

namespace MedRec.Cli;

internal static class CliOutput
{
    public static void WriteDeployment(IAnsiConsole console, Deployment deployment, string deploymentFile)
    {
        var table = new Table().AddColumn(new TableColumn("MedRec deployment").NoWrap()).AddColumn(new TableColumn("").NoWrap());
        table.AddRow("Chain id", deployment.ChainId.ToString());
        table.AddRow("RPC", Markup.Escape(deployment.RpcUrl));
        table.AddRow("Registrar (RC)", deployment.Contracts.Registrar);
        table.AddRow("Summary (SC)", deployment.Contracts.Summary);
        table.AddRow("Patient-Provider Relationships (PPR)", deployment.Contracts.Relationships);
        if (deployment.Contracts.AuditAnchors is { Length: > 0 } anchors) table.AddRow("Audit anchors", anchors);
        if (deployment.Contracts.EmergencyAccess is { Length: > 0 } emergency) table.AddRow("Emergency access (break-the-glass)", emergency);
        table.AddRow("Root certifying authority", deployment.Deployer);
        table.AddRow("Deployment block", deployment.DeploymentBlock.ToString());
        table.AddRow("Deployment file", Markup.Escape(Path.GetFullPath(deploymentFile)));
        console.Write(table);
    }

    /// <summary>Who is who in the demo world: roles, names and addresses, never keys.</summary>
    public static void WriteIdentities(IAnsiConsole console, IEnumerable<DemoIdentity> identities)
    {
        var table = new Table().Title("Demo identities (keys only in the identities file)").AddColumn("role").AddColumn("name").AddColumn(new TableColumn("address").NoWrap());
        foreach (var identity in identities) table.AddRow(identity.Role, Markup.Escape(identity.Name), identity.Address);
        console.Write(table);
    }

    /// <summary>Runs a command body, turning expected failures into a red message and an exit code.</summary>
    public static async Task<int> GuardAsync(IAnsiConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliError error)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            return error.ExitCode;
        }
        catch (ChainRevertException revert)
        {
            console.MarkupLineInterpolated($"[red]refused by the contract:[/] {revert.Message}");
            return 3;
        }
        catch (MedRecApiException problem)
        {
            // The API's ProblemDetails: its stable code, what it says, and the gatekeeper's reason or the contract's error.
            console.MarkupLineInterpolated($"[red]{(int)problem.Status} {problem.Code}:[/] {problem.Detail ?? problem.Status.ToString()}{(problem.Reason is { } reason ? $" ({reason})" : "")}");
            return 5;
        }
        catch (MedRecOperationFailedException failed)
        {
            console.MarkupLineInterpolated($"[red]refused by the contract:[/] {failed.Status.Error}");
            return 3;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (HttpRequestException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the request failed ({ex.Message}). Is the API running (scripts/run.sh), and is --api right?");
            return 4;
        }
        catch (Exception ex) when (ex is Nethereum.JsonRpc.Client.RpcClientUnknownException or TimeoutException or FileNotFoundException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 4;
        }
    }
}
