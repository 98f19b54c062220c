using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Mirror;

/// <summary>A mirror grain's view under construction: chain events are applied one by one in chain order.</summary>
public interface IMirrorFold<out TView>
{
    void Apply(ChainEvent chainEvent);

    /// <summary>The view of everything applied so far (a new immutable value each call).</summary>
    TView ToView();
}
