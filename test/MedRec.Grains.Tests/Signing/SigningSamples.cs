using System.Security.Cryptography;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;

namespace MedRec.Grains.Tests.Signing;

/// <summary>Random but reproducible requests, domains and keys for the signing tests.</summary>
public static class SigningSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly AccessRequestDomain Domain = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

    public static string Address(Random random) => Hex(random, 20);

    public static string Bytes32(Random random) => Hex(random, 32);

    public static string Hex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return "0x" + Convert.ToHexStringLower(buffer);
    }

    public static AccessRequestDomain RandomDomain(Random random) =>
        new((ulong)random.NextInt64(1, long.MaxValue) * (ulong)random.Next(1, 3), Address(random));

    public static AccessRequest RandomRequest(Random random, string? asker = null) => new(
        asker ?? Address(random),
        Address(random),
        random.Next(4) == 0 ? AccessRequest.ZeroAddress : Address(random),
        random.Next(4) == 0 ? AccessRequest.ZeroPointer : Bytes32(random),
        random.Next(2) == 0 ? AccessAction.Read : AccessAction.ReadAudit,
        Purposes.All[random.Next(Purposes.All.Count)],
        Bytes32(random),
        (ulong)random.NextInt64(0, long.MaxValue) * (ulong)random.Next(1, 3));

    /// <summary>A request by <paramref name="signer"/> that is valid at <see cref="Now"/> (expires in 2 minutes).</summary>
    public static AccessRequest ValidRequest(AccessRequestSigner signer) => signer.NewRequest(
        "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
        "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
        "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        AccessAction.Read, Purpose.Treatment, Now, TimeSpan.FromMinutes(2));
}
