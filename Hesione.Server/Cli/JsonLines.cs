using System.Text.Json;

namespace Hesione.Server.Cli;

/// <summary>
/// The <c>--jsonl</c> protocol: each input line is a JSON string (a query); each output line is
/// <c>{"ok":true,"query":"..."}</c> or <c>{"ok":false,"error":"..."}</c>, in input order. Empty lines are skipped;
/// a line that is not a JSON string gets an error naming its line number.
/// </summary>
internal static class JsonLines
{
    /// <summary>Runs <paramref name="transform"/> over every line; returns 0 when every line was ok, 1 otherwise.</summary>
    public static int Run(TextReader input, TextWriter output, Func<string, (bool Ok, string Text)> transform)
    {
        var allOk = true;
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            (bool Ok, string Text) result;
            try
            {
                var query = JsonSerializer.Deserialize<string>(line);
                result = query is null ? NotAString(lineNumber) : transform(query);
            }
            catch (JsonException)
            {
                result = NotAString(lineNumber);
            }
            allOk &= result.Ok;
            buffer.SetLength(0);
            writer.Reset();
            writer.WriteStartObject();
            writer.WriteBoolean("ok", result.Ok);
            writer.WriteString(result.Ok ? "query" : "error", result.Text);
            writer.WriteEndObject();
            writer.Flush();
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            output.Flush();
        }
        return allOk ? 0 : 1;
    }

    private static (bool, string) NotAString(int lineNumber) =>
        (false, $"input line {lineNumber}: not a JSON string (each line must hold one query as a JSON string, e.g. \"up\")");

    /// <summary>Runs <paramref name="transform"/> once on a query given on the command line.</summary>
    public static int RunOne(string query, TextWriter output, TextWriter error, Func<string, (bool Ok, string Text)> transform)
    {
        var (ok, text) = transform(query);
        (ok ? output : error).WriteLine(text);
        return ok ? 0 : 1;
    }
}
