using Engine.Lsm.Bloom;

namespace Engine.Tests.Lsm.Bloom;

[Trait("Category", "Unit")]
public sealed class BloomBuilderPoolTests
{
    [Fact]
    public void Get_AfterReturn_ReusesTheBuilderEmptied()
    {
        BloomBuilderPool pool = new();
        BloomFilterBuilder builder = pool.Get();
        builder.AddKey("a"u8);
        builder.AddKey("b"u8);

        pool.Return(builder);
        BloomFilterBuilder again = pool.Get();

        Assert.Same(builder, again);
        Assert.Equal(0, again.KeyCount);
    }

    [Fact]
    public void Return_BeyondMaxRetained_KeepsOnlyMaxRetained()
    {
        BloomBuilderPool pool = new();
        BloomFilterBuilder[] rented = [.. Enumerable.Range(0, BloomBuilderPool.MaxRetained + 2).Select(_ => pool.Get())];
        foreach (BloomFilterBuilder builder in rented)
        {
            pool.Return(builder);
        }

        HashSet<BloomFilterBuilder> reused = [.. Enumerable.Range(0, BloomBuilderPool.MaxRetained + 2).Select(_ => pool.Get())];

        Assert.Equal(BloomBuilderPool.MaxRetained, reused.Count(rented.Contains));
    }
}
