namespace FleetCtl.Web.Auth;

/// <summary><c>FleetCtl.Web hash-password</c>: prints the hash of a password for <c>Fleet:Auth:Users</c>.</summary>
public static class HashPasswordCommand
{
    public static int Run(TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (interactive)
        {
            error.Write("password: ");
        }

        var password = interactive ? ReadHidden() : input.ReadLine();
        if (string.IsNullOrEmpty(password) || password.Length < FleetPasswordHasher.MinPasswordLength)
        {
            error.WriteLine($"hash-password: the password must have at least {FleetPasswordHasher.MinPasswordLength} characters");
            return 2;
        }

        output.WriteLine(FleetPasswordHasher.Hash(password));
        return 0;
    }

    private static string ReadHidden()
    {
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return chars.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Length > 0)
                {
                    chars.Length--;
                }
            }
            else
            {
                chars.Append(key.KeyChar);
            }
        }
    }
}
