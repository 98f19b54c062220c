using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Abstractions.Analytics;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.Signing;
using Nethereum.Signer;

namespace MedRec.Host.Api.Client;

/// <summary>
/// A typed client of the HTTP API (docs/adr/0004-http-api.md) acting as one participant: it signs every request with
/// the participant's key, record reads as the gatekeeper's <c>AccessRequest</c> and everything else as an
/// <c>ApiRequest</c>, learns the signing domain from GET /api/deployment, and throws <see cref="MedRecApiException"/>
/// with the ProblemDetails code on any 4xx/5xx. Routes that belong to a patient act for this participant unless another
/// patient is named. Thread-safe; for tests, the CLI and the benchmarks.
/// </summary>
public sealed class MedRecApiClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly ApiRequestSigner _apiSigner;
    private readonly AccessRequestSigner _accessSigner;
    private readonly TimeProvider _time;
    private AccessRequestDomain? _domain;

    /// <param name="http">An HttpClient whose BaseAddress is the API host (e.g. http://127.0.0.1:5000/).</param>
    /// <param name="key">The participant's key; it never leaves this object.</param>
    public MedRecApiClient(HttpClient http, EthECKey key, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(key);
        if (http.BaseAddress is null) throw new ArgumentException("the HttpClient needs a BaseAddress", nameof(http));
        Http = http;
        _apiSigner = new ApiRequestSigner(key);
        _accessSigner = new AccessRequestSigner(Convert.ToHexStringLower(key.GetPrivateKeyAsBytes()));
        _time = time ?? TimeProvider.System;
    }

    public HttpClient Http { get; }

    /// <summary>This participant's address, lowercase 0x-hex.</summary>
    public string Address => _apiSigner.Address;

    /// <summary>How long each signed request stays valid (at most the server's MedRec:Gatekeeper:MaxLifetime).</summary>
    public TimeSpan RequestLifetime { get; init; } = TimeSpan.FromMinutes(2);

    // Deployment and directory (public)

    public Task<DeploymentInfo> GetDeploymentAsync(CancellationToken cancellationToken = default) =>
        SendAsync<DeploymentInfo>(HttpMethod.Get, "api/deployment", null, Signing.None, cancellationToken);

    public Task<ParticipantInfo> GetParticipantAsync(string address, CancellationToken cancellationToken = default) =>
        SendAsync<ParticipantInfo>(HttpMethod.Get, $"api/participants/{address}", null, Signing.None, cancellationToken);

    // Registrations

    public Task<OperationAccepted> RegisterPatientAsync(string identityCommitment, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, "api/patients", Body(new RegisterPatientRequest(identityCommitment)), Signing.Api, cancellationToken);

    public Task<OperationAccepted> RegisterProviderAsync(string provider, string identityCommitment, string endpoint, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, "api/providers",
            Body(new RegisterProviderRequest(provider, identityCommitment, endpoint)), Signing.Api, cancellationToken);

    public Task<OperationAccepted> RegisterResearcherAsync(string researcher, string identityCommitment, string validator, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, "api/researchers",
            Body(new RegisterResearcherRequest(researcher, identityCommitment, validator)), Signing.Api, cancellationToken);

    // A patient's routes

    public Task<PatientSummary> GetSummaryAsync(string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<PatientSummary>(HttpMethod.Get, $"api/patients/{patient ?? Address}/summary", null, Signing.Api, cancellationToken);

    public Task<OperationAccepted> AcceptRelationshipAsync(string provider, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/patients/{patient ?? Address}/relationships/{provider}/accept", null, Signing.Api, cancellationToken);

    public Task<OperationAccepted> RejectRelationshipAsync(string provider, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/patients/{patient ?? Address}/relationships/{provider}/reject", null, Signing.Api, cancellationToken);

    public Task<IReadOnlyList<GrantInfo>> GetGrantsAsync(string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<GrantInfo>>(HttpMethod.Get, $"api/patients/{patient ?? Address}/grants", null, Signing.Api, cancellationToken);

    /// <summary>Grants <paramref name="viewer"/> one pointer for <paramref name="purposes"/> (wire names; null or
    /// empty: all six).</summary>
    public Task<OperationAccepted> GrantAsync(
        string viewer, string provider, string pointerId, DateTimeOffset expiresAt, IReadOnlyList<string>? purposes = null,
        string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/patients/{patient ?? Address}/grants",
            Body(new GrantRequest(viewer, provider, pointerId, (ulong)Math.Max(0, expiresAt.ToUnixTimeSeconds()), purposes is { Count: > 0 } ? purposes : null)),
            Signing.Api, cancellationToken);

    public Task<OperationAccepted> RevokeAsync(string provider, string pointerId, string viewer, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Delete, $"api/patients/{patient ?? Address}/grants/{provider}/{pointerId}/{viewer}", null, Signing.Api, cancellationToken);

    public Task<OperationAccepted> SetResearchConsentAsync(bool consent, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Put, $"api/patients/{patient ?? Address}/research-consent",
            Body(new ResearchConsentRequest(consent)), Signing.Api, cancellationToken);

    /// <summary>Every emergency (break-the-glass) window opened on the patient.</summary>
    public Task<EmergencyAccessView> GetEmergencyAccessAsync(string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<EmergencyAccessView>(HttpMethod.Get, $"api/patients/{patient ?? Address}/emergency-access", null, Signing.Api, cancellationToken);

    /// <summary>Closes a provider's open emergency window early.</summary>
    public Task<OperationAccepted> CloseEmergencyAccessAsync(string provider, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Delete, $"api/patients/{patient ?? Address}/emergency-access/{provider}", null, Signing.Api, cancellationToken);

    /// <summary>Patient-reported records: FHIR R4 resources as JSON.</summary>
    public Task<OperationAccepted> AddPatientRecordsAsync(IEnumerable<string> resources, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/patients/{patient ?? Address}/records",
            Body(new PatientRecordsRequest(Elements(resources))), Signing.Api, cancellationToken);

    // A provider's routes (this participant is the provider)

    /// <summary>Breaks the glass: emergency access to a patient for some minutes, with a justification kept off chain.</summary>
    public Task<OperationAccepted> OpenEmergencyAccessAsync(
        string patient, string justification, int minutes, string? provider = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/providers/{provider ?? Address}/emergency-access",
            Body(new EmergencyAccessRequest(patient, justification, minutes)), Signing.Api, cancellationToken);

    /// <summary>FHIR R4 resources (JSON) about one patient, stored by this provider and published.</summary>
    public Task<OperationAccepted> AddProviderRecordsAsync(string patient, IEnumerable<string> resources, string? provider = null, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/providers/{provider ?? Address}/records",
            Body(new ProviderRecordsRequest(patient, Elements(resources))), Signing.Api, cancellationToken);

    public Task<RelationshipView> GetProviderRelationshipAsync(string patient, string? provider = null, CancellationToken cancellationToken = default) =>
        SendAsync<RelationshipView>(HttpMethod.Get, $"api/providers/{provider ?? Address}/patients/{patient}", null, Signing.Api, cancellationToken);

    /// <summary>The prescription-misuse alerts this provider is involved in (GET /api/providers/{provider}/alerts).</summary>
    public Task<IReadOnlyList<PrescriptionMisuseAlert>> GetProviderAlertsAsync(string? provider = null, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PrescriptionMisuseAlert>>(HttpMethod.Get, $"api/providers/{provider ?? Address}/alerts", null, Signing.Api, cancellationToken);

    // Record reads (AccessRequest: asker = this participant). Without a purpose, DefaultPurpose (ADR 0012).

    public Task<GatekeeperAnswer> ReadPointerAsync(
        string patient, string provider, string pointerId, Purpose? purpose = null, CancellationToken cancellationToken = default) =>
        SendAsync<GatekeeperAnswer>(HttpMethod.Get, $"api/patients/{patient}/providers/{provider}/pointers/{pointerId}", null,
            Signing.Access(patient, provider, pointerId, AccessAction.Read, purpose), cancellationToken);

    public Task<GatekeeperAnswer> ReadProviderRecordsAsync(
        string patient, string provider, Purpose? purpose = null, CancellationToken cancellationToken = default) =>
        SendAsync<GatekeeperAnswer>(HttpMethod.Get, $"api/patients/{patient}/providers/{provider}/records", null,
            Signing.Access(patient, provider, AccessRequest.ZeroPointer, AccessAction.Read, purpose), cancellationToken);

    public Task<HistoryAnswer> ReadHistoryAsync(string patient, Purpose? purpose = null, CancellationToken cancellationToken = default) =>
        SendAsync<HistoryAnswer>(HttpMethod.Get, $"api/patients/{patient}/history", null,
            Signing.Access(patient, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.Read, purpose), cancellationToken);

    /// <summary>The purpose a read declares when its caller names none (docs/adr/0012-purpose-of-use.md): the patient
    /// reading their own records <see cref="Purpose.PatientRequest"/>, anyone else <see cref="Purpose.Treatment"/>. A
    /// break-the-glass read names <see cref="Purpose.Emergency"/> itself.</summary>
    public static Purpose DefaultPurpose(string asker, string patient) =>
        string.Equals(asker, patient, StringComparison.OrdinalIgnoreCase) ? Purpose.PatientRequest : Purpose.Treatment;

    /// <summary>Who could read what about the patient at <paramref name="at"/>, and who did (the patient only).</summary>
    public Task<AccessViewAnswer> ReadAccessViewAsync(DateTimeOffset at, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<AccessViewAnswer>(HttpMethod.Get,
            $"api/patients/{patient ?? Address}/access-view?at={Uri.EscapeDataString(at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))}", null,
            Signing.Access(patient ?? Address, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.ReadAudit), cancellationToken);

    /// <summary>An audit entry about the patient with its Merkle inclusion proof (docs/adr/0010-audit-anchors.md).</summary>
    public Task<AuditProof> ReadAuditProofAsync(string entryId, string? patient = null, CancellationToken cancellationToken = default) =>
        SendAsync<AuditProof>(HttpMethod.Get,
            $"api/patients/{patient ?? Address}/audit/{Uri.EscapeDataString(entryId)}/proof", null,
            Signing.Access(patient ?? Address, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.ReadAudit), cancellationToken);

    public Task<AuditAnswer> ReadAuditAsync(string? patient = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<AuditAnswer>(HttpMethod.Get,
            $"api/patients/{patient ?? Address}/audit" + (limit is { } l ? $"?limit={l.ToString(CultureInfo.InvariantCulture)}" : ""), null,
            Signing.Access(patient ?? Address, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.ReadAudit), cancellationToken);

    // Operations

    public Task<OperationStatus> GetOperationAsync(string transactionHash, int waitSeconds = 0, CancellationToken cancellationToken = default) =>
        SendAsync<OperationStatus>(HttpMethod.Get,
            $"api/operations/{transactionHash}" + (waitSeconds > 0 ? $"?waitSeconds={waitSeconds.ToString(CultureInfo.InvariantCulture)}" : ""),
            null, Signing.None, cancellationToken);

    /// <summary>Waits until the mirror has applied the operation (the server holds each poll up to 30 s).</summary>
    /// <exception cref="MedRecOperationFailedException">The transaction reverted.</exception>
    /// <exception cref="TimeoutException">Not applied within <paramref name="timeout"/> (default 60 s).</exception>
    public async Task<OperationStatus> WaitForAppliedAsync(string transactionHash, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var wait = (int)Math.Clamp(Math.Ceiling(remaining.TotalSeconds), 1, MaxPollSeconds());
            var status = await GetOperationAsync(transactionHash, wait, cancellationToken);
            if (status.Status == OperationStatuses.Applied) return status;
            if (status.Status == OperationStatuses.Failed) throw new MedRecOperationFailedException(status);
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Operation {transactionHash} was not applied within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s (last status {status.Status}).");
            }
        }
    }

    // The server holds a poll up to 30 s; a poll must also end before this client's own timeout cancels it.
    private int MaxPollSeconds() =>
        Http.Timeout == Timeout.InfiniteTimeSpan ? 30 : (int)Math.Clamp(Math.Floor(Http.Timeout.TotalSeconds * 0.8) - 1, 1, 30);

    /// <summary><see cref="WaitForAppliedAsync(string, TimeSpan?, CancellationToken)"/> of an accepted write.</summary>
    public Task<OperationStatus> WaitForAppliedAsync(OperationAccepted accepted, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForAppliedAsync(accepted.OperationId, timeout, cancellationToken);

    // The raw path, for callers that need to send what the typed methods never would (tests of bad input).

    /// <summary>Sends <paramref name="body"/> as given (content type included) to <paramref name="pathAndQuery"/>,
    /// signed as an ApiRequest over exactly these bytes when <paramref name="sign"/>; answers the raw response.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string pathAndQuery, HttpContent? body, bool sign = true, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = body };
        if (sign) await SignApiAsync(request, cancellationToken);
        return await Http.SendAsync(request, cancellationToken);
    }

    /// <summary>The headers of an ApiRequest signed by this participant for this method, path and raw body.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SignApiHeadersAsync(
        HttpMethod method, string pathAndQuery, byte[] body, CancellationToken cancellationToken = default)
    {
        var domain = await DomainAsync(cancellationToken);
        var uri = new Uri(Http.BaseAddress!, pathAndQuery);
        var signed = _apiSigner.Sign(_apiSigner.NewRequest(method.Method, uri.PathAndQuery, body, _time.GetUtcNow(), RequestLifetime), domain);
        return Headers(signed.Request.Signer, signed.Request.Nonce, signed.Request.ExpiresAt, signed.Signature);
    }

    /// <summary>The headers of an AccessRequest (record read) signed by this participant, purpose header included
    /// (<see cref="DefaultPurpose"/> when <paramref name="purpose"/> is null).</summary>
    public async Task<IReadOnlyDictionary<string, string>> SignAccessHeadersAsync(
        string patient, string provider, string pointerId, AccessAction action, Purpose? purpose = null, CancellationToken cancellationToken = default)
    {
        var domain = await DomainAsync(cancellationToken);
        var declared = purpose ?? DefaultPurpose(Address, patient);
        var signed = _accessSigner.SignNew(domain, patient, provider, pointerId, action, declared, _time.GetUtcNow(), RequestLifetime);
        var headers = Headers(signed.Request.Asker, signed.Request.Nonce, signed.Request.ExpiresAt, signed.Signature);
        headers[SignedHeaders.PurposeHeader] = declared.ToWire();
        return headers;
    }

    /// <summary>The signing domain (chain id, PPR contract), from GET /api/deployment once.</summary>
    public async Task<AccessRequestDomain> DomainAsync(CancellationToken cancellationToken = default)
    {
        if (_domain is { } known) return known;
        var deployment = await GetDeploymentAsync(cancellationToken);
        return _domain = new AccessRequestDomain((ulong)deployment.ChainId, deployment.Relationships);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, byte[]? body, Signing signing, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        if (signing.Kind == SigningKind.Api)
        {
            await SignApiAsync(request, cancellationToken);
        }
        else if (signing.Kind == SigningKind.Access)
        {
            foreach (var (name, value) in await SignAccessHeadersAsync(signing.Patient!, signing.Provider!, signing.PointerId!, signing.Action, signing.Purpose, cancellationToken))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        await ThrowIfProblemAsync(response, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync<T>(stream, ApiJson.ClientOptions, cancellationToken)
            ?? throw new InvalidDataException($"{method} {pathAndQuery} answered JSON null.");
    }

    private async Task SignApiAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        foreach (var (name, value) in await SignApiHeadersAsync(request.Method, request.RequestUri!.OriginalString, body, cancellationToken))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <exception cref="MedRecApiException">The response is 4xx/5xx.</exception>
    public static async Task ThrowIfProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        if ((int)response.StatusCode < 400) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string code = "unknown", reason = "";
        string? detail = null;
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) code = c.GetString()!;
            if (root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString();
            if (root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String) reason = r.GetString()!;
            else if (root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String) reason = e.GetString()!;
        }
        catch (JsonException)
        {
            detail = body.Length > 500 ? body[..500] : body;
        }

        throw new MedRecApiException(response.StatusCode, code, detail, reason.Length == 0 ? null : reason, body);
    }

    private static byte[] Body<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options);

    private static IReadOnlyList<JsonElement> Elements(IEnumerable<string> resources) =>
        resources.Select(json => { using var document = JsonDocument.Parse(json); return document.RootElement.Clone(); }).ToList();

    private static Dictionary<string, string> Headers(string signer, string nonce, ulong expiresAt, string signature) => new()
    {
        [SignedHeaders.SignerHeader] = signer,
        [SignedHeaders.NonceHeader] = nonce,
        [SignedHeaders.ExpiresHeader] = expiresAt.ToString(CultureInfo.InvariantCulture),
        [SignedHeaders.SignatureHeader] = signature,
    };

    private enum SigningKind { None, Api, Access }

    private readonly record struct Signing(
        SigningKind Kind, string? Patient = null, string? Provider = null, string? PointerId = null, AccessAction Action = default, Purpose? Purpose = null)
    {
        public static Signing None => new(SigningKind.None);
        public static Signing Api => new(SigningKind.Api);

        public static Signing Access(string patient, string provider, string pointerId, AccessAction action, Purpose? purpose = null) =>
            new(SigningKind.Access, patient, provider, pointerId, action, purpose);
    }
}
