namespace Engine.Cli.Store;

/// <summary>What a path named as a store holds.</summary>
internal enum StoreKind
{
    /// <summary>A store directory (our LSM).</summary>
    Directory,

    /// <summary>Our packed single-file artifact (<c>C1ZL</c>), unpacked into a scratch directory while open.</summary>
    Artifact,

    /// <summary>The reference SDK's v1 <c>.c1z</c> (<c>C1ZF</c>, SQLite inside), imported into a scratch store to be read.</summary>
    V1File,
}
