using System.CommandLine;
using MedRec.Host.Api.Contracts;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec publish`: a provider stores FHIR resources for a patient and publishes their pointers; with
/// --patient-reported, a patient adds their own (symptoms, wearable readings) to the patient-reported records provider.</summary>
internal static class PublishCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var file = new Option<string>("--file") { Description = "A JSON file: a FHIR R4 resource, an array of them, or a Bundle.", Required = true };
        var patient = new Option<string?>("--patient") { Description = "The patient the records are about (address or demo name); the signer is the provider." };
        var patientReported = new Option<bool>("--patient-reported") { Description = "The signer is the patient, adding records of their own." };
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("publish", "Add FHIR records and publish their pointers on chain.") { file, patient, patientReported };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var reported = parse.GetValue(patientReported);
            if (reported == (parse.GetValue(patient) is not null))
            {
                throw new CliError("Give either --patient (the signer is a provider) or --patient-reported (the signer is the patient).");
            }

            var resources = await FhirResourceFile.ReadAsync(parse.GetValue(file)!, ct);
            using var api = await options.ConnectAsync(console, parse, reported ? "add your own records as a patient" : "publish records as a provider", ct);
            OperationAccepted accepted;
            string what;
            if (reported)
            {
                accepted = await api.Client.AddPatientRecordsAsync(resources, cancellationToken: ct);
                what = $"{resources.Count} patient-reported records of {api.NameOf(api.Signer.Address)}";
            }
            else
            {
                var patientAddress = api.Participant(parse.GetValue(patient)!, "--patient");
                accepted = await api.Client.AddProviderRecordsAsync(patientAddress, resources, cancellationToken: ct);
                what = $"{resources.Count} records of {api.NameOf(patientAddress)} at {api.NameOf(api.Signer.Address)}";
            }

            if (accepted.Pointers is { Count: > 0 } pointers)
            {
                var table = new Table().Title("Pointers published").AddColumn(new TableColumn("records").RightAligned()).AddColumn("pointer");
                foreach (var pointer in pointers) table.AddRow(pointer.RecordCount.ToString(), pointer.PointerId);
                console.Write(table);
            }

            return await api.CompleteWriteAsync(what, accepted, options.Wait(parse), ct);
        }));
        return command;
    }
}
