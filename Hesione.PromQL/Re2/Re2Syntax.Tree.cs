namespace Hesione.PromQL.Re2;

// The parse tree the parser builds and the emitter walks.
public static partial class Re2Syntax
{
    private enum Kind
    {
        Literal,
        Class,
        BeginLine,
        EndLine,
        BeginText,
        EndText,
        WordBoundary,
        NoWordBoundary,
        Empty,
        Capture,
        Star,
        Plus,
        Quest,
        Repeat,
        Concat,
        Alternate,
    }

    private sealed class Node
    {
        public Kind Kind;
        public int Rune;
        public bool Fold;
        public List<(int Lo, int Hi)>? Ranges;
        public Node[] Subs = [];
        public int Min;
        public int Max;
        public bool NonGreedy;
        public string? Name;
        public int Height;
        public long Size;
    }

    private sealed class Frame
    {
        public List<Node> Items = [];
        public List<Node> Alternatives = [];
        public int SavedFlags;
        public bool Capture;
        public string? Name;
    }

    private sealed class ParseError(string message) : Exception(message);

    private static bool TryParse(string pattern, out Node? root, out string? error)
    {
        try
        {
            root = new Parser(pattern).Parse();
            error = null;
            return true;
        }
        catch (ParseError e)
        {
            root = null;
            error = e.Message;
            return false;
        }
        catch (Exception)
        {
            root = null;
            error = Prefix + "regexp/syntax: internal error: `" + pattern + "`";
            return false;
        }
    }
}
