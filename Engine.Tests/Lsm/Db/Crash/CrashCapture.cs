using Engine.Core.Storage;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// The files a simulated crash left (<see cref="MemFileSystem.CrashClone(CrashOptions)"/>), the epoch it was taken
/// in, how it crashed, and the file operation it came before. Immutable once made (recovery works on a copy).
/// </summary>
internal sealed record CrashCapture(MemFileSystem Files, int Epoch, CrashOptions Crash, long Operation, string Before)
{
    /// <summary>A process crash keeps everything handed to the operating system, so Flushed writes must survive.</summary>
    public bool IsProcessCrash => Crash.Keep == CrashKeep.All;

    public override string ToString() =>
        $"capture at epoch {Epoch}, before I/O #{Operation} ({Before}), crash {Crash.Keep} seed {Crash.Seed} tear {Crash.TearLastWrite} ordered {Crash.PreserveWriteOrder}";
}
