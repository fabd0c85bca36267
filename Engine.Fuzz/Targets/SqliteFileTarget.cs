using Engine.Api.Sync.V1;
using Engine.Api.Sync.V1.Sqlite;
using Engine.Fuzz.Driver;
using Microsoft.Win32.SafeHandles;

namespace Engine.Fuzz.Targets;

/// <summary>
/// The managed SQLite reader (<see cref="SqliteFileReader"/>) over untrusted database files: open, then read every row
/// of every table and every value.
/// </summary>
/// <remarks>
/// The input is written to a temporary file (the reader reads files), removed after each run. Only
/// <see cref="V1FileException"/> may reject it; rows must come in increasing rowid order with one value per column.
/// One thread at a time (the file name is reused).
/// </remarks>
internal sealed class SqliteFileTarget : IFuzzTarget
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"engine-fuzz-sqlite-{Environment.ProcessId}-{Guid.NewGuid():N}.db");

    public string Name => "sqlite-file";

    public string Description => "Engine.Api.Sync.V1.Sqlite.SqliteFileReader: read every row of untrusted SQLite files";

    public void Run(ReadOnlySpan<byte> input)
    {
        // One positional write on a bare handle: a FileStream (FileMode.Create) costs milliseconds per run on ext4.
        using (SafeFileHandle file = File.OpenHandle(_path, FileMode.OpenOrCreate, FileAccess.Write))
        {
            RandomAccess.Write(file, input, 0);
            RandomAccess.SetLength(file, input.Length);
        }

        try
        {
            using SqliteFileReader reader = SqliteFileReader.Open(_path);
            foreach (SqliteTable table in reader.Tables)
            {
                ReadTable(reader, table);
            }
        }
        finally
        {
            File.Delete(_path);
        }
    }

    public bool IsExpectedRejection(Exception exception) => exception is V1FileException;

    public IEnumerable<byte[]> Seeds() => SqliteSeeds.All();

    private static void ReadTable(SqliteFileReader reader, SqliteTable table)
    {
        long previous = long.MinValue;
        foreach (SqliteRow row in reader.ReadRows(table))
        {
            if (row.RowId <= previous && previous != long.MinValue)
            {
                throw new FuzzCheckException($"table {table.Name}: rowid {row.RowId} follows {previous}");
            }

            if (row.Count != table.Columns.Count)
            {
                throw new FuzzCheckException($"table {table.Name}: a row of {row.Count} values for {table.Columns.Count} columns");
            }

            previous = row.RowId;
            for (int i = 0; i < row.Count; i++)
            {
                SqliteValue value = row[i];
                _ = value.Kind switch
                {
                    SqliteValueKind.Integer => value.AsInteger,
                    SqliteValueKind.Real => (long)value.AsReal,
                    SqliteValueKind.Text => value.AsText.Length,
                    SqliteValueKind.Blob => value.AsBlob.Length,
                    _ => 0,
                };
            }
        }
    }
}
