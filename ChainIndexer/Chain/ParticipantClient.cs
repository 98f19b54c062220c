using System.Numerics;
using MedRec.ChainIndexer.Contracts.Registrar;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Contracts.Summary;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Telemetry;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using NethereumAccount = Nethereum.Web3.Accounts.Account;

namespace MedRec.ChainIndexer.Chain;

/// <summary>
/// Sends MedRec transactions signed with one participant's own key. Every write waits for its receipt and turns a
/// contract refusal into a <see cref="ChainRevertException"/> naming the contract's custom error.
/// </summary>
public sealed class ParticipantClient
{
    public ParticipantClient(string rpcUrl, long chainId, EthECKey key, ContractAddresses contracts)
        : this(rpcUrl, CreateWeb3(rpcUrl, chainId, key), contracts)
    {
    }

    private ParticipantClient(string rpcUrl, Web3 web3, ContractAddresses contracts)
    {
        RpcUrl = rpcUrl;
        Contracts = contracts;
        Web3 = web3;
        Address = web3.TransactionManager.Account.Address;
    }

    public string RpcUrl { get; }
    public string Address { get; }
    public ContractAddresses Contracts { get; }
    public Web3 Web3 { get; }

    /// <summary>The same signer, addressing another set of contracts (used right after a deployment).</summary>
    public ParticipantClient WithContracts(ContractAddresses contracts) => new(RpcUrl, Web3, contracts);

    private static Web3 CreateWeb3(string rpcUrl, long chainId, EthECKey key)
    {
        var web3 = new Web3(new NethereumAccount(key, chainId), rpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return web3;
    }

    /// <summary>How long a write waits for its receipt before giving up.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Forgets the locally tracked nonce, e.g. after the chain was rewound (a dev chain's revert).</summary>
    public async Task ResetNonceAsync()
    {
        if (Web3.TransactionManager.Account.NonceService is { } nonces) await nonces.ResetNonceAsync();
    }

    public async Task<TransactionReceipt> SendAsync<TFunction>(
        string contractAddress, TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        using var activity = MedRecTelemetry.StartChainCall("send", typeof(TFunction).Name, contractAddress);
        TransactionReceipt receipt;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReceiptTimeout);
        try
        {
            var handler = Web3.Eth.GetContractTransactionHandler<TFunction>();
            receipt = await handler.SendRequestAndWaitForReceiptAsync(contractAddress, function, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{typeof(TFunction).Name} was not mined within {ReceiptTimeout.TotalSeconds} s.");
        }
        catch (Exception ex) when (ContractErrorDecoder.TryDecode(ex) is { } revert)
        {
            MedRecTelemetry.Failed(activity, revert);
            throw revert;
        }

        activity?.SetTag("medrec.chain.transaction", receipt.TransactionHash);
        if (receipt.Status?.Value != 1)
        {
            throw new InvalidOperationException(
                $"Transaction {receipt.TransactionHash} calling {typeof(TFunction).Name} failed on chain (status {receipt.Status?.Value}).");
        }

        return receipt;
    }

    /// <summary>Estimates gas, then sends and answers the transaction hash without waiting for the receipt. A revert
    /// the estimate reveals is a <see cref="ChainRevertException"/> and nothing is sent. Callers serialize their sends
    /// per account (the chain writer grain), so the account nonce never races.</summary>
    public async Task<string> SendWithoutReceiptAsync<TFunction>(
        string contractAddress, TFunction function, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new()
    {
        var handler = Web3.Eth.GetContractTransactionHandler<TFunction>();
        try
        {
            function.Gas = await handler.EstimateGasAsync(contractAddress, function);
        }
        catch (Exception ex) when (ContractErrorDecoder.TryDecode(ex) is { } revert)
        {
            throw revert;
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await handler.SendRequestAsync(contractAddress, function);
        }
        catch
        {
            // The nonce service may have handed out a nonce that no transaction used; start again from the chain's count.
            await ResetNonceAsync();
            throw;
        }
    }

    /// <summary>Sends without estimating gas or waiting for the receipt: the caller owns the nonce and the gas limit
    /// (for scripted load; wait for receipts every few transactions to keep the node's pending pool small).</summary>
    public Task<string> SubmitAsync<TFunction>(string contractAddress, TFunction function, BigInteger nonce, BigInteger gas)
        where TFunction : FunctionMessage, new()
    {
        function.Nonce = nonce;
        function.Gas = gas;
        function.MaxFeePerGas = SubmitMaxFeePerGas;
        function.MaxPriorityFeePerGas = SubmitPriorityFeePerGas;
        return Web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAsync(contractAddress, function);
    }

    /// <summary>Fee cap for <see cref="SubmitAsync{TFunction}"/>: far above a dev chain's base fee.</summary>
    public static BigInteger SubmitMaxFeePerGas { get; set; } = BigInteger.Parse("50000000000");
    public static BigInteger SubmitPriorityFeePerGas { get; set; } = BigInteger.Parse("1000000000");

    public Task<TransactionReceipt> AddCertifierAsync(string certifier, byte[] identityHash, CancellationToken ct = default) =>
        SendAsync(Contracts.Registrar, new AddCertifierFunction { Certifier = certifier, IdentityHash = identityHash }, ct);

    public Task<TransactionReceipt> RegisterPatientAsync(byte[] identityHash, CancellationToken ct = default) =>
        SendAsync(Contracts.Registrar, new RegisterPatientFunction { IdentityHash = identityHash }, ct);

    public Task<TransactionReceipt> RegisterProviderAsync(
        string provider, byte[] identityHash, string endpoint, CancellationToken ct = default) =>
        SendAsync(Contracts.Registrar,
            new RegisterProviderFunction { Provider = provider, IdentityHash = identityHash, Endpoint = endpoint }, ct);

    public Task<TransactionReceipt> SetProviderEndpointAsync(string endpoint, CancellationToken ct = default) =>
        SendAsync(Contracts.Registrar, new SetProviderEndpointFunction { Endpoint = endpoint }, ct);

    public Task<TransactionReceipt> RevokeProviderAsync(string provider, CancellationToken ct = default) =>
        SendAsync(Contracts.Registrar, new RevokeProviderFunction { Provider = provider }, ct);

    public Task<TransactionReceipt> RegisterResearcherAsync(
        string researcher, byte[] identityHash, string validator, CancellationToken ct = default) =>
        SendAsync(Contracts.Registrar,
            new RegisterResearcherFunction { Researcher = researcher, IdentityHash = identityHash, Validator = validator }, ct);

    public Task<TransactionReceipt> AcceptRelationshipAsync(string provider, CancellationToken ct = default) =>
        SendAsync(Contracts.Summary, new AcceptRelationshipFunction { Provider = provider }, ct);

    public Task<TransactionReceipt> RejectRelationshipAsync(string provider, CancellationToken ct = default) =>
        SendAsync(Contracts.Summary, new RejectRelationshipFunction { Provider = provider }, ct);

    public Task<TransactionReceipt> SetResearchConsentAsync(bool consent, CancellationToken ct = default) =>
        SendAsync(Contracts.Summary, new SetResearchConsentFunction { Consent = consent }, ct);

    public Task<TransactionReceipt> PublishPointerAsync(
        string patient, byte[] pointerId, byte[] queryCommitment, byte[] dataHash, CancellationToken ct = default) =>
        SendAsync(Contracts.Relationships, new PublishPointerFunction
        {
            Patient = patient, PointerId = pointerId, QueryCommitment = queryCommitment, DataHash = dataHash,
        }, ct);

    public Task<TransactionReceipt> PublishPointersAsync(
        string patient, IEnumerable<PointerInput> pointers, CancellationToken ct = default) =>
        SendAsync(Contracts.Relationships, new PublishPointersFunction { Patient = patient, Pointers = pointers.ToList() }, ct);

    /// <summary>As the patient: grants <paramref name="viewer"/> one pointer until <paramref name="expiresAt"/> for
    /// <paramref name="purposes"/> (all six unless named; docs/adr/0012-purpose-of-use.md).</summary>
    public Task<TransactionReceipt> GrantAccessAsync(
        string provider, byte[] pointerId, string viewer, DateTimeOffset expiresAt, PurposeSet purposes = PurposeSet.All,
        CancellationToken ct = default) =>
        SendAsync(Contracts.Relationships, new GrantAccessFunction
        {
            Provider = provider, PointerId = pointerId, Viewer = viewer,
            ExpiresAt = (ulong)Math.Max(0, expiresAt.ToUnixTimeSeconds()), Purposes = (byte)purposes,
        }, ct);

    public Task<TransactionReceipt> RevokeAccessAsync(
        string provider, byte[] pointerId, string viewer, CancellationToken ct = default) =>
        SendAsync(Contracts.Relationships, new RevokeAccessFunction { Provider = provider, PointerId = pointerId, Viewer = viewer }, ct);
}
