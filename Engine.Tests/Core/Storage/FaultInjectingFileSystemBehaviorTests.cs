using Engine.Core.Storage;

namespace Engine.Tests.Core.Storage;

/// <summary>With no policy, <see cref="FaultInjectingFileSystem"/> behaves exactly like the file system it wraps.</summary>
[Trait("Category", "Unit")]
public sealed class FaultInjectingFileSystemBehaviorTests : FileSystemBehaviorTests
{
    private static readonly string s_root = Path.Combine("mem", "db");

    public FaultInjectingFileSystemBehaviorTests()
        : base(NewFileSystem(), s_root)
    {
    }

    private static FaultInjectingFileSystem NewFileSystem()
    {
        MemFileSystem inner = new();
        inner.CreateDirectory(s_root);
        return new FaultInjectingFileSystem(inner);
    }
}
