using System.Globalization;
using System.Text;

namespace Charts;

/// <summary>Reads a BenchmarkDotNet CSV report: a header line, then one row per benchmark case; fields may be quoted.</summary>
internal static class BenchmarkCsv
{
    /// <summary>The rows of a report, each a column → text map, plus <c>Report</c> (the benchmark class's short name).</summary>
    public static List<Dictionary<string, string>> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no report at {Path.GetFullPath(path)}: run the benchmark first (see docs/benchmarks.md)", path);
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2)
        {
            throw new InvalidDataException($"{path} has no benchmark rows");
        }

        var header = Split(lines[0]);
        var report = Path.GetFileName(path).Replace("-report.csv", string.Empty, StringComparison.Ordinal);
        report = report[(report.LastIndexOf('.') + 1)..];
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var fields = Split(line);
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Report"] = report };
            for (var i = 0; i < header.Count && i < fields.Count; i++)
            {
                row[header[i]] = fields[i].Length > 1 && fields[i][0] == '\'' && fields[i][^1] == '\'' ? fields[i][1..^1] : fields[i];   // 'Description'
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A time such as <c>1,234.5 ns</c>, <c>30.8 ms</c> or <c>12 μs</c>, in nanoseconds; null for NA or an empty cell.</summary>
    public static double? Nanoseconds(string text)
    {
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.TrimEntries);
        if (!double.TryParse(parts[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return (parts.Length > 1 ? parts[1] : "ns") switch
        {
            "ns" => value,
            "us" or "μs" or "µs" => value * 1e3,
            "ms" => value * 1e6,
            "s" => value * 1e9,
            var unit => throw new InvalidDataException($"unknown time unit \"{unit}\" in \"{text}\""),
        };
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
