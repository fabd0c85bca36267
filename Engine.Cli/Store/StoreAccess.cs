namespace Engine.Cli.Store;

/// <summary>What a command does with the store it names.</summary>
internal enum StoreAccess
{
    /// <summary>Reads only: a store directory or a packed artifact opens read-only; a v1 .c1z is imported into a scratch store.</summary>
    Read,

    /// <summary>Modifies an existing store (a directory, or a packed artifact repacked on close); v1 files are refused.</summary>
    Write,

    /// <summary>Like <see cref="Write"/>, and a missing path becomes a new store directory.</summary>
    Create,
}
