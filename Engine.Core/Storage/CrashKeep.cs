namespace Engine.Core.Storage;

/// <summary>Which unsynced state a <see cref="MemFileSystem.CrashClone(CrashOptions)"/> keeps.</summary>
internal enum CrashKeep
{
    /// <summary>Only durable state survives: the worst crash the durability contract allows.</summary>
    None,

    /// <summary>Everything survives, as if the operating system flushed all it had before power went.</summary>
    All,

    /// <summary>A seeded random part of the unsynced state survives (see <see cref="CrashOptions"/>).</summary>
    Random,
}
