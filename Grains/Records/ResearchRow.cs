using MedRec.Grains.Abstractions.Research;

namespace MedRec.Grains.Records;

/// <summary>What a store answers for an aggregate: one row per (patient, cell) with the patient's records in the cell
/// and, for value measures, the sum of their values. Stays inside the gatekeeper: the address never leaves it.</summary>
public sealed record ResearchRow(string PatientAddress, ResearchCellKey Cell, long Records, double ValueSum);
