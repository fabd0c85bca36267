using System.Reflection;
using Engine.Api;
using Engine.Api.Events;
using Engine.Lsm.Events;
using Engine.Lsm.Options;

namespace Engine.Tests.Api;

/// <summary>
/// Where Engine.Api keeps its own type beside the engine's (the options, the event listener base class), every engine
/// option and handler has its public counterpart, and options reach the engine: one added without a counterpart fails
/// here. The event payloads, the figures and the store-check report are the engine's own types, returned as they are;
/// <see cref="DatabaseMetricsTests"/> checks that no copy comes back.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PublicMirrorTests
{
    // Engine options deliberately not public, each with its reason.
    private static readonly Dictionary<string, string> s_internalOptions = new()
    {
        [nameof(LsmOptions.CheckInvariantsAfterVersionChange)] = "a test switch of invariant builds",
        [nameof(LsmOptions.WalRecoveryMode)] = "public as SkipCorruptedLogRecords, the one choice a user makes",
        [nameof(LsmOptions.CompactionFilter)] = "internal on DatabaseOptions: the local store installs it for TTL expiry and retention",
        [nameof(LsmOptions.CommitObserver)] = "the local store's change feed sets it; public as LocalStore's WatchAsync",
        [nameof(LsmOptions.RetainedLogBytes)] = "the local store's change feed sets it; public as ChangeFeedOptions.RetainedLogBytes",
    };

    [Fact]
    public void EventListener_EveryEngineHandler_HasAPublicCounterpart_TakingTheSamePayload()
    {
        MethodInfo[] handlers = typeof(LsmEventListener).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        Assert.NotEmpty(handlers);
        foreach (MethodInfo handler in handlers)
        {
            Type[] parameters = [.. handler.GetParameters().Select(p => p.ParameterType)];
            MethodInfo? counterpart = typeof(DatabaseEventListener).GetMethod(handler.Name, BindingFlags.Public | BindingFlags.Instance, parameters);
            Assert.True(counterpart is { IsVirtual: true }, $"LsmEventListener.{handler.Name} has no public counterpart in DatabaseEventListener");
        }
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
}
