using System.Net.Sockets;
using System.Text;

namespace MedRec.Host.Api.Tests;

/// <summary>
/// Sends one HTTP/1.1 request written whole in a single write on a fresh connection, and reads the answer until the
/// server closes it. For bodies the server refuses before reading them: HttpClient would still be writing when the
/// server closes, and fail with a broken pipe instead of showing the answer.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, Dictionary<string, string> Headers, string Body)> SendAsync(Uri server, string head, byte[] body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes(head.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n").Concat(body).ToArray();
        await stream.WriteAsync(request);

        using var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(answer, timeout.Token);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var content = text[(split + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            content = Dechunk(content);
        }

        return (int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, content);
    }

    private static string Dechunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end], 16);
            if (size == 0) return result.ToString();
            result.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }
}
