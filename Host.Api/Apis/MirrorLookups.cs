using MedRec.Grains.Abstractions.Mirror;
using MedRec.Host.Api.Problems;

namespace MedRec.Host.Api.Apis;

/// <summary>Existence checks against the mirror, so an unknown id is a 404 before anything is signed or sent.</summary>
public static class MirrorLookups
{
    /// <exception cref="ApiProblemException">404 patient-unknown when the mirror knows no such registered patient.</exception>
    public static async Task<PatientView> RequirePatientAsync(this IGrainFactory grains, string patient)
    {
        var view = await grains.GetGrain<IPatientGrain>(patient).GetAsync();
        return view.Registered ? view : throw ApiProblemException.NotFound(ProblemCodes.PatientUnknown, $"No patient {patient} is registered.");
    }

    /// <exception cref="ApiProblemException">404 provider-unknown when the mirror knows no such registered provider.</exception>
    public static async Task<ProviderView> RequireProviderAsync(this IGrainFactory grains, string provider)
    {
        var view = await grains.GetGrain<IProviderGrain>(provider).GetAsync();
        return view.Registered ? view : throw ApiProblemException.NotFound(ProblemCodes.ProviderUnknown, $"No provider {provider} is registered.");
    }
}
