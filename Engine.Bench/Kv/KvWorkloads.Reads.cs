using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Engine.Lsm.Iterators;

namespace Engine.Bench.Kv;

/// <summary>
/// The read workloads on the store fillrandom loaded: the rig's readrandom, readmissing, seekrandom and scanall, and
/// our readseq and readreverse.
/// </summary>
/// <remarks>Runs on the calling thread only.</remarks>
internal sealed partial class KvWorkloads
{
    private void RunReads()
    {
        if (_settings.Wants("readrandom"))
        {
            Read("readrandom", KeyTag.ReadRandom);
        }

        if (_settings.Wants("readmissing"))
        {
            Read("readmissing", KeyTag.ReadMissing);
        }

        if (_settings.Wants("seekrandom"))
        {
            SeekRandom();
        }

        if (_settings.Wants("scanall"))
        {
            ulong seen = 0;
            Timed("scanall", () => seen = Scan([], 0));
            Expect(seen == _settings.N, $"scanall: saw {seen}");
        }

        if (_settings.Wants("readseq"))
        {
            Timed("readseq", () => ReadInOrder("readseq", forward: true));
        }

        if (_settings.Wants("readreverse"))
        {
            Timed("readreverse", () => ReadInOrder("readreverse", forward: false));
        }
    }

    /// <summary>N gets of the tag's keys; every value found must be the one fillrandom wrote, byte for byte.</summary>
    private void Read(string workload, KeyTag tag)
    {
        ulong n = _settings.N;
        KeySequence keys = new(tag, n, _settings.Seed);
        LatencyRecorder? latency = RigLatency(n);
        ulong found = 0;
        Timed(workload, () =>
        {
            for (ulong i = 0; i < n; i++)
            {
                long opStart = latency is null ? 0 : Stopwatch.GetTimestamp();
                ulong x = keys.Next();
                KeyGenerator.MakeKey(x, _key);
                _got.ResetWrittenCount();
                if (Store.TryGet(_key, _got))
                {
                    found++;
                    KeyGenerator.MakeValue(x, KeyTag.FillRandom, _value);
                    if (!_got.WrittenSpan.SequenceEqual(_value))
                    {
                        Fail($"{workload}: wrong value");
                    }
                }

                latency?.RecordSince(opStart);
            }

            return n;
        }, latency: latency);
        Expect(found == (tag == KeyTag.ReadMissing ? 0 : n), $"{workload}: found {found}");
    }

    /// <summary>N seeks to random present keys, each reading 10 entries through a new iterator, as db_bench.</summary>
    private void SeekRandom()
    {
        ulong n = _settings.N;
        KeySequence keys = new(KeyTag.SeekRandom, n, _settings.Seed);
        LatencyRecorder? latency = RigLatency(n);
        Timed("seekrandom", () =>
        {
            for (ulong i = 0; i < n; i++)
            {
                long opStart = latency is null ? 0 : Stopwatch.GetTimestamp();
                KeyGenerator.MakeKey(keys.Next(), _key);
                Scan(_key, 10);
                latency?.RecordSince(opStart);
            }

            return n;
        }, latency: latency);
    }

    /// <summary>
    /// Visits up to <paramref name="limit"/> entries (0 = all) from the first key at or after <paramref name="start"/>
    /// (empty = the first key), touching each key and value as the rig's scan does.
    /// </summary>
    private ulong Scan(ReadOnlySpan<byte> start, ulong limit)
    {
        using DbIterator iterator = Store.NewIterator();
        if (start.IsEmpty)
        {
            iterator.First();
        }
        else
        {
            iterator.SeekGE(start);
        }

        ulong n = 0;
        long sink = 0;
        for (; iterator.Valid && (limit == 0 || n < limit); iterator.Next(), n++)
        {
            sink += iterator.Key.Length + iterator.Value[0];
        }

        _sink += sink;
        return n;
    }

    /// <summary>One pass over the whole store, forward or backward; every key and value must be fillrandom's.</summary>
    private ulong ReadInOrder(string workload, bool forward)
    {
        ulong n = _settings.N;
        using DbIterator iterator = Store.NewIterator();
        if (forward)
        {
            iterator.First();
        }
        else
        {
            iterator.Last();
        }

        ulong seen = 0;
        for (; iterator.Valid; seen++)
        {
            if (seen >= n)
            {
                Fail($"{workload}: more than {n} keys");
            }

            ulong x = 2 * (forward ? seen : n - 1 - seen);
            KeyGenerator.MakeKey(x, _key);
            KeyGenerator.MakeValue(x, KeyTag.FillRandom, _value);
            if (!iterator.Key.SequenceEqual(_key) || !iterator.Value.SequenceEqual(_value))
            {
                Fail($"{workload}: wrong entry at {seen}");
            }
            if (forward)
            {
                iterator.Next();
            }
            else
            {
                iterator.Prev();
            }
        }

        Expect(seen == n, $"{workload}: saw {seen}");
        return seen;
    }

    /// <summary>Fails the run unless <paramref name="condition"/> holds; for checks outside the op loops.</summary>
    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            Fail(message);
        }
    }

    /// <summary>Fails the run: a read saw what the workloads never wrote.</summary>
    [DoesNotReturn]
    private static void Fail(string message) => throw new InvalidDataException(message);
}
