namespace Engine.Api.Gateway;

/// <summary>Who made a change and when, as the client stamped it.</summary>
/// <param name="DeviceId">The client device.</param>
/// <param name="OpId">The op's globally unique id (a UUID in the reference's clients).</param>
/// <param name="Hlc">The client's hybrid logical clock.</param>
/// <param name="Clock">The record's revision counter (at least 0).</param>
public sealed record ChangeStamp(string DeviceId, string OpId, string Hlc, long Clock)
{
    /// <summary>This stamp's place in the last-writer-wins order.</summary>
    public Revision Revision => new(Clock, Hlc, OpId);
}
