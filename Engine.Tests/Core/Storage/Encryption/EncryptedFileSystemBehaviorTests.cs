using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;

namespace Engine.Tests.Core.Storage.Encryption;

/// <summary><see cref="EncryptedFileSystem"/> over memory keeps every promise of <see cref="IFileSystem"/>.</summary>
[Trait("Category", "Unit")]
public sealed class EncryptedFileSystemBehaviorTests : FileSystemBehaviorTests
{
    private static readonly string s_root = Path.Combine("mem", "db");

    public EncryptedFileSystemBehaviorTests()
        : base(NewFileSystem(), s_root)
    {
    }

    private static EncryptedFileSystem NewFileSystem()
    {
        MemFileSystem inner = new();
        inner.CreateDirectory(s_root);
        return new EncryptedFileSystem(inner, StaticKeyring.ForTests());
    }
}
