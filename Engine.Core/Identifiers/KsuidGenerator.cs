using System;
using System.Security.Cryptography;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Identifiers;

/// <summary>
/// Makes KSUIDs that strictly increase across all calls on one generator, even within one second and
/// even if the clock steps back, so ids used as keys append at the end of the key space.
/// </summary>
/// <remarks>
/// The rule: when the clock's second is later than the last id's, the next id is a fresh random one for
/// that second; otherwise it is the last id's successor (payload plus one, see
/// <see cref="Ksuid.TryGetSuccessor"/>). Ids in a burst within one second therefore share a random
/// starting point and count up from it; a clock that steps back keeps counting from the last id, so the
/// timestamps of such ids run ahead of the clock until it catches up.
/// <para>
/// Thread-safe: one short <see cref="Lock"/> guards the last id. The clock read and the random draw
/// happen outside it; the comparison against the last id inside it decides which to use.
/// </para>
/// </remarks>
internal sealed class KsuidGenerator
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();

    // Guarded by _lock: the id most recently returned.
    private Ksuid _last;

    /// <summary>A generator on the system clock.</summary>
    public KsuidGenerator()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A generator on <paramref name="timeProvider"/>'s clock, which tests may control.</summary>
    public KsuidGenerator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>The next id: greater than every id this generator has returned before.</summary>
    /// <exception cref="StorageException">
    /// <see cref="StorageErrorCode.InvalidArgument"/> when the clock is outside the KSUID range;
    /// <see cref="StorageErrorCode.ResourceExhausted"/> when the last id was <see cref="Ksuid.MaxValue"/>.
    /// </exception>
    public Ksuid Next()
    {
        uint now = Ksuid.ToTimestampSeconds(_timeProvider.GetUtcNow());
        Span<byte> payload = stackalloc byte[Ksuid.PayloadLength];
        RandomNumberGenerator.Fill(payload);
        Ksuid fresh = Ksuid.FromParts(now, payload);

        lock (_lock)
        {
            Ksuid next = fresh;
            if (now <= _last.TimestampSeconds && !_last.TryGetSuccessor(out next))
            {
                ThrowHelper.ThrowResourceExhausted("The KSUID generator has reached the largest KSUID.");
            }

            _last = next;
            return next;
        }
    }
}
