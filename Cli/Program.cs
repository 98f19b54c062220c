using MedRec.Cli;
using Spectre.Console;

return await MedRecCli.RunAsync(args, AnsiConsole.Console);
