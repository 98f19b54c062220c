namespace MedRec.Host.Api.WebUi;

/// <summary>The web front end Host.Api serves (<c>MedRec:WebUi</c>): the patient view and the physician app built
/// into web/dist by <c>npm ci &amp;&amp; npm run build</c> in web/.</summary>
public sealed class WebUiOptions
{
    public const string Section = "MedRec:WebUi";

    /// <summary>Serve the front end at all (an API-only host, e.g. behind another web server, turns it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The built front end's folder; when empty, the first web/dist holding index.html found from the content
    /// root or the app's base directory upwards (a repository checkout, as the dev system and the tests run).</summary>
    public string? Root { get; set; }
}
