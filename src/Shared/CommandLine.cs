using System.Text;

namespace FleetCtl;

/// <summary>
/// Shared source, compiled into every project that runs an <c>exec:</c> command (linked from src/Shared, not a project
/// reference, so the libraries keep depending on the BCL only).
/// </summary>
internal static class CommandLine
{
    /// <summary>Splits a command line the way a POSIX shell would for plain words, single and double quotes and backslashes.</summary>
    public static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < line.Length)
                {
                    current.Append(line[++i]);
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote != '\0')
        {
            throw new FormatException($"exec command has an unterminated {quote} quote");
        }

        if (inWord)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}
