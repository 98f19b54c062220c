namespace MedRec.Grains.Receipts;

/// <summary>Whether gatekeepers sign decision receipts ("MedRec:Gatekeeper:Receipts", on by default).</summary>
public sealed class DecisionReceiptOptions
{
    public bool Receipts { get; set; } = true;
}
