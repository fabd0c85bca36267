using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Fuzz.Driver;

/// <summary>
/// A deliberately broken parser for the driver's own tests: it rejects most inputs as corruption, and on the input
/// shapes named by <see cref="Flaw"/> it throws, allocates what a length field says, or hangs until released.
/// </summary>
internal sealed class ToyTarget(ToyFlaw flaw) : IFuzzTarget, IDisposable
{
    private readonly ManualResetEventSlim _release = new();

    public ToyFlaw Flaw { get; } = flaw;

    public string Name => $"toy-{Flaw}";

    public string Description => "a broken parser";

    public void Run(ReadOnlySpan<byte> input)
    {
        // The trigger is a first byte with its high bit set, which the seeds lack and a few edits produce.
        if (input.Length < 5 || input[0] < 0x80)
        {
            throw new CorruptionException("<toy>", 0, "not a toy record");
        }

        switch (Flaw)
        {
            case ToyFlaw.NullReference:
                string? missing = input[1] == 0xEE ? "never" : null;
                _ = missing!.Length;
                break;
            case ToyFlaw.TrustsLength:
                int length = BitConverter.ToInt32(input[1..5]) & 0x0FFF_FFFF;
                byte[] buffer = new byte[Math.Max(length, 4 << 20)];
                GC.KeepAlive(buffer);
                break;
            case ToyFlaw.Hangs:
                _release.Wait();
                break;
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is CorruptionException;

    public IEnumerable<byte[]> Seeds() => [[0x41, 1, 2, 3, 4, 5, 6, 7], [0x40, 0, 0, 0, 0, 0]];

    /// <summary>Lets a hung run finish, so the abandoned worker thread ends; the event stays undisposed because that thread may still be leaving its wait.</summary>
    public void Dispose() => _release.Set();
}
