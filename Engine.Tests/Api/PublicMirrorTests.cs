using System.Reflection;
using Engine.Api;
using Engine.Api.Events;
using Engine.Lsm.Events;
using Engine.Lsm.Options;

namespace Engine.Tests.Api;

/// <summary>
/// Every event field and option of the engine has its public counterpart in Engine.Api, and the mapping carries every
/// value: a property added to the engine without one fails here. The figures and the store-check report need no such
/// check: they are one type each, returned as is (<see cref="DatabaseMetricsTests"/>).
/// </summary>
[Trait("Category", "Unit")]
public sealed class PublicMirrorTests
{
    // Engine options deliberately not public, each with its reason.
    private static readonly Dictionary<string, string> s_internalOptions = new()
    {
        [nameof(LsmOptions.CheckInvariantsAfterVersionChange)] = "a test switch of invariant builds",
        [nameof(LsmOptions.WalRecoveryMode)] = "public as SkipCorruptedLogRecords, the one choice a user makes",
    };

    [Fact]
    public void Events_EveryFieldAndHandler_HasAPublicCounterpart()
    {
        AssertSameNames(typeof(FlushEvent), typeof(FlushInfo));
        AssertSameNames(typeof(CompactionEvent), typeof(CompactionInfo));
        AssertSameNames(typeof(StallEvent), typeof(StallInfo));
        AssertSameNames(typeof(BackgroundErrorEvent), typeof(BackgroundErrorInfo));
        string[] handlers = [.. typeof(LsmEventListener).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => m.Name)];
        string[] publicHandlers = [.. typeof(DatabaseEventListener).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => m.Name)];
        Assert.NotEmpty(handlers);
        Assert.Empty(handlers.Except(publicHandlers));
    }

    [Fact]
    public void LsmOptions_EverySetting_IsPublicOrListedWithAReason_AndReachesTheEngine()
    {
        DatabaseOptions options = Distinct<DatabaseOptions>() with
        {
            Compression = Engine.Api.Compression.Lz4,
            EventListener = null,
            SkipCorruptedLogRecords = true,
        };
        LsmOptions lsm = options.ToLsmOptions();

        foreach (PropertyInfo property in typeof(LsmOptions).GetProperties().Where(p => p.CanWrite))
        {
            if (s_internalOptions.ContainsKey(property.Name))
            {
                continue;
            }

            PropertyInfo? counterpart = typeof(DatabaseOptions).GetProperty(property.Name);
            Assert.True(counterpart is not null, $"LsmOptions.{property.Name} has no DatabaseOptions counterpart");
            if (property.PropertyType == counterpart.PropertyType)
            {
                Assert.Equal(counterpart.GetValue(options), property.GetValue(lsm));
            }
        }

        Assert.Equal(Engine.Core.Compression.CompressionType.Lz4, lsm.Compression);
        Assert.Equal(WalRecoveryMode.SkipCorrupted, lsm.WalRecoveryMode);
    }

    /// <summary>An instance whose settable numeric and boolean properties hold values unlike each other and the defaults.</summary>
    private static T Distinct<T>()
        where T : new()
    {
        T instance = new();
        int next = 17;
        foreach (PropertyInfo property in typeof(T).GetProperties().Where(p => p.CanWrite))
        {
            object? value = property.PropertyType switch
            {
                Type t when t == typeof(int) => next++,
                Type t when t == typeof(long) => (long)next++ << 12,
                Type t when t == typeof(ulong) => (ulong)next++,
                Type t when t == typeof(double) => next++ + 0.5,
                Type t when t == typeof(bool) => !(bool)property.GetValue(instance)!,
                _ => null,
            };
            if (value is not null)
            {
                property.SetValue(instance, value);
            }
        }

        return instance;
    }

    private static void AssertSameNames(Type engine, Type published)
    {
        string[] missing = [.. engine.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.Name)
            .Where(name => name != "EqualityContract" && published.GetProperty(name) is null)];
        Assert.True(missing.Length == 0, $"{engine.Name} has no public counterpart for: {string.Join(", ", missing)}");
    }
}
