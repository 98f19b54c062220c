using MedRec.Grains.Abstractions.Access;

namespace MedRec.TestSupport;

/// <summary>A receipt with exactly one field changed, for every field in turn (each pointer's fields included): what
/// receipt verification must refuse.</summary>
public static class ReceiptMutations
{
    public static IEnumerable<(string Field, DecisionReceipt Changed)> Each(DecisionReceipt r)
    {
        yield return ("requestHash", r with { RequestHash = Flip(r.RequestHash) });
        yield return ("asker", r with { Asker = Flip(r.Asker) });
        yield return ("patient", r with { Patient = Flip(r.Patient) });
        yield return ("provider", r with { Provider = Flip(r.Provider) });
        yield return ("requestedPointer", r with { RequestedPointer = Flip(r.RequestedPointer) });
        yield return ("purpose", r with { Purpose = r.Purpose == "treatment" ? "emergency" : "treatment" });
        yield return ("outcome", r with { Outcome = r.Outcome == "ok" ? "integrity-failed" : "ok" });
        yield return ("reason", r with { Reason = r.Reason == "" ? "no-grant" : "" });
        yield return ("blockNumber", r with { BlockNumber = r.BlockNumber + 1 });
        yield return ("blockHash", r with { BlockHash = Flip(r.BlockHash) });
        yield return ("issuedAt", r with { IssuedAt = r.IssuedAt + 1 });
        yield return ("chainId", r with { ChainId = r.ChainId + 1 });
        yield return ("verifyingContract", r with { VerifyingContract = Flip(r.VerifyingContract) });
        yield return ("signature", r with { Signature = FlipAt(r.Signature, 10) });
        yield return ("pointers (one more)", r with
        {
            Pointers = [.. r.Pointers, new ReceiptPointer(AccessRequest.ZeroPointer, 1, AccessRequest.ZeroPointer, AccessRequest.ZeroPointer, "verified")],
        });
        for (var i = 0; i < r.Pointers.Count; i++)
        {
            var p = r.Pointers[i];
            yield return ($"pointers[{i}] (removed)", r with { Pointers = r.Pointers.Where((_, j) => j != i).ToList() });
            yield return ($"pointers[{i}].pointerId", With(r, i, p with { PointerId = Flip(p.PointerId) }));
            yield return ($"pointers[{i}].version", With(r, i, p with { Version = p.Version + 1 }));
            yield return ($"pointers[{i}].dataHash", With(r, i, p with { DataHash = Flip(p.DataHash) }));
            yield return ($"pointers[{i}].computedHash", With(r, i, p with { ComputedHash = Flip(p.ComputedHash) }));
            yield return ($"pointers[{i}].verdict", With(r, i, p with { Verdict = p.Verdict == "verified" ? "data-hash-mismatch" : "verified" }));
        }
    }

    private static DecisionReceipt With(DecisionReceipt r, int index, ReceiptPointer pointer) =>
        r with { Pointers = r.Pointers.Select((p, j) => j == index ? pointer : p).ToList() };

    private static string Flip(string hex) => FlipAt(hex, hex.Length - 1);

    private static string FlipAt(string hex, int at) => hex[..at] + (hex[at] == '0' ? '1' : '0') + hex[(at + 1)..];
}
