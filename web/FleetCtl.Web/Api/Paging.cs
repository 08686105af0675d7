using System.Globalization;

namespace FleetCtl.Web.Api;

/// <summary>The <c>offset</c> and <c>limit</c> query parameters every list endpoint takes.</summary>
public static class Paging
{
    public static bool TryRead(IQueryCollection query, int defaultLimit, int maxLimit, out int offset, out int limit, out string error)
    {
        offset = 0;
        limit = defaultLimit;
        error = "";
        if (query["offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            error = $"offset: '{o}' is not a whole number of at least 0";
            return false;
        }

        if (query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            error = $"limit: '{l}' is not a whole number from 1 to {maxLimit}";
            return false;
        }

        return true;
    }
}
