using System.Globalization;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Replays a log on one target and records the transcript: one line per read. An exception ends the replay with a
/// line <c>error: Type: message</c> at the operation that threw, so that it shows as the first difference.
/// </summary>
/// <remarks>
/// Replays on the calling thread; <see cref="CurrentOp"/> and <see cref="Cancel"/> may be used from another (a watchdog
/// naming where a replay hangs).
/// </remarks>
internal sealed class TranscriptRecorder
{
    private int _currentOp = -1;
    private volatile bool _cancelled;

    /// <summary>The index of the operation being applied, or -1 before the first.</summary>
    public int CurrentOp => Volatile.Read(ref _currentOp);

    /// <summary>Set when the replay stopped at an exception; its stack helps whoever reads the report.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Stops the replay before its next operation: a watchdog that gave up on it need not wait for the rest.</summary>
    public void Cancel() => _cancelled = true;

    public IReadOnlyList<TranscriptLine> Record(IReadOnlyList<MetamorphicOp> ops, IMetamorphicTarget target)
    {
        ArgumentNullException.ThrowIfNull(ops);
        ArgumentNullException.ThrowIfNull(target);
        List<TranscriptLine> lines = [];
        for (int index = 0; index < ops.Count && !_cancelled; index++)
        {
            Volatile.Write(ref _currentOp, index);
            try
            {
                if (target.Apply(ops[index]) is string output)
                {
                    lines.Add(new TranscriptLine(index, output));
                }
            }
            catch (Exception ex)
            {
                Error = ex;
                lines.Add(new TranscriptLine(index, ErrorText(ex)));
                return lines;
            }
        }

        return lines;
    }

    /// <summary>The transcript text of an exception: its type and message on one line.</summary>
    public static string ErrorText(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return string.Create(CultureInfo.InvariantCulture, $"error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
    }
}
