using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.TestSupport;

/// <summary>Waits for the mirror, as tests and benchmarks do after a chain write: polls a relationship grain until its
/// view shows what is awaited, or fails naming it.</summary>
public static class MirrorWait
{
    /// <exception cref="TimeoutException">Not shown within <paramref name="timeout"/>; the message names <paramref name="what"/>.</exception>
    public static async Task<RelationshipView> UntilAsync(
        IRelationshipGrain grain, Func<RelationshipView, bool> done, string what, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var view = await grain.GetAsync();
            if (done(view)) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the mirror did not show {what} within {timeout.TotalSeconds:0} s");
            await Task.Delay(20, cancellationToken);
        }
    }
}
