namespace MedRec.Grains.Records;

/// <summary>What a <see cref="ResearchQuery"/> computes per cell.</summary>
public enum ResearchMeasure
{
    /// <summary>Distinct patients (across providers, through per-query keyed hashes).</summary>
    Patients = 0,

    /// <summary>Matching records.</summary>
    Records = 1,

    /// <summary>Mean of Observation.valueQuantity.value over the records that have a numeric one.</summary>
    Mean = 2,

    /// <summary>Records per bucket of valueQuantity.value (floor(value / width)); the bucket is a cell dimension.</summary>
    Histogram = 3,
}
