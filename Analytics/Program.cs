using System.Globalization;
using MedRec.Analytics.Sample;

// A sample outside analytics job (docs/streams.md): follows patients' medication-requested streams and providers'
// alert streams as an Orleans client and prints prescription counts and alerts until Ctrl-C.
//   medrec-analytics-sample --patient 0x.. [--patient ..] --provider 0x.. [--provider ..] [--gateway-port 30000]
// With MedRec__Storage__Provider=PostgreSql and MedRec__Storage__ConnectionString set it finds the silos through the
// cluster's membership table (Orleans__ClusterId / Orleans__ServiceId as the silos').
var patients = Values(args, "--patient");
var providers = Values(args, "--provider");
var gatewayPort = Values(args, "--gateway-port").Select(p => int.Parse(p, CultureInfo.InvariantCulture)).DefaultIfEmpty(30000).First();
if (patients.Count == 0 && providers.Count == 0)
{
    Console.Error.WriteLine("usage: medrec-analytics-sample --patient ADDRESS ... --provider ADDRESS ... [--gateway-port PORT]");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var host = await AnalyticsClient.ConnectAsync(new Dictionary<string, string?>(), gatewayPort, stop.Token);
var job = new AnalyticsSubscriptions(host.Client());
job.MedicationRequested += e => Console.WriteLine(
    $"{(e.IsUndo ? "undo " : "")}medication-requested patient {e.Patient} provider {e.Provider} code {e.Code} authored {e.AuthoredOn:yyyy-MM-dd}: " +
    $"{job.PrescriptionCount(e.Patient)} held");
job.Alert += (provider, a) => Console.WriteLine(
    $"alert {a.AlertId} r{a.Revision} {a.Status} for provider {provider}: patient {a.Patient}, {a.ProviderCount} providers, " +
    $"{a.PrescriptionCount} prescriptions {a.FirstPrescribedOn:yyyy-MM-dd}..{a.LastPrescribedOn:yyyy-MM-dd}");
foreach (var patient in patients) await job.FollowPatientAsync(patient);
foreach (var provider in providers) await job.ServeProviderAsync(provider);
Console.WriteLine($"following {patients.Count} patients and {providers.Count} providers; Ctrl-C stops");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

await job.UnsubscribeAllAsync();
await host.StopAsync();
return 0;

static List<string> Values(string[] args, string name) =>
    args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
