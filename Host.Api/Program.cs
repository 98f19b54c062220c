// The API host. Issue 5 adds the Orleans client and every MedRec flow; for now it answers liveness only.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }))
    .WithName("Liveness")
    .WithSummary("The process is up.");
app.Run();
