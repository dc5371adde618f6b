using System.Globalization;
using System.Text;

namespace Batch;

/// <summary>Writes the results as CSV (RFC 4180 quoting; UTF-8 with a byte-order mark so spreadsheet apps read the Chinese names).</summary>
internal static class CsvWriter
{
    public static async Task WriteAsync(string path, IEnumerable<ScoreResult> results, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("company,score,status,requests,retries,error\r\n");
        foreach (var r in results)
        {
            text.Append(Field(r.Company)).Append(',')
                .Append(r.Score?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).Append(',')
                .Append(r.Succeeded ? "ok" : "failed").Append(',')
                .Append(r.Requests.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Retries.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(r.Error ?? string.Empty)).Append("\r\n");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
    }

    private static string Field(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
