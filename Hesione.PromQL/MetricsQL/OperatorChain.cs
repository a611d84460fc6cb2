namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// Builds the tree of one chain of binary operators (<c>a + b * c ^ d ...</c>) the way MetricsQL does: each new
/// operator is placed by walking down the right spine of the tree so far while it binds tighter (or equally,
/// for right-associative <c>^</c>), and a unary minus (read as <c>0 - x</c>) is an operator node like any other.
/// The right spine is kept as mutable nodes with the running maximum of their priorities, so the walk is a binary
/// search and a long chain costs no copies; the result is frozen into immutable <see cref="SynBinary"/> nodes.
/// </summary>
internal sealed class OperatorChain(Syn first)
{
    private readonly List<Node> _spine = [];
    private readonly List<int> _highest = []; // _highest[k]: the highest priority among _spine[0..k]
    private object _root = first;

    /// <summary>Adds <c>op right</c>; the operator's data is <paramref name="be"/>, whose operands are replaced.</summary>
    public void Add(SynBinary be, Syn right)
    {
        var priority = MetricsQLOperators.Priorities[be.Op];
        var rightAssociative = MetricsQLOperators.IsRightAssociative(be.Op);

        // The walk stops at the first spine node the operator does not bind tighter than; the running maximum of
        // the spine's priorities finds it by binary search.
        var i = FirstStop(priority, rightAssociative);
        while (i == _spine.Count && Below() is SynBinary inner && Descends(MetricsQLOperators.Priorities[inner.Op]))
        {
            // An operator node hanging below the spine (a unary minus) is walked into too.
            var opened = new Node(inner, inner.Left, inner.Right);
            Attach(i, opened);
            Push(opened);
            i++;
        }

        var node = new Node(be, i < _spine.Count ? _spine[i] : Below(), right);
        Attach(i, node);
        _spine.RemoveRange(i, _spine.Count - i);
        _highest.RemoveRange(i, _highest.Count - i);
        Push(node);

        bool Descends(int lp) => priority > lp || (priority == lp && rightAssociative);
    }

    private int FirstStop(int priority, bool rightAssociative)
    {
        int lo = 0, hi = _highest.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var stops = rightAssociative ? _highest[mid] > priority : _highest[mid] >= priority;
            if (stops) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private void Push(Node node)
    {
        _spine.Add(node);
        _highest.Add(_highest.Count == 0 ? node.Priority : Math.Max(_highest[^1], node.Priority));
    }

    /// <summary>The finished tree.</summary>
    public Syn Build() => Freeze(_root);

    private object Below() => _spine.Count == 0 ? _root : _spine[^1].Right;

    private void Attach(int depth, Node node)
    {
        if (depth == 0) _root = node;
        else _spine[depth - 1].Right = node;
    }

    private static Syn Freeze(object o)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (o is not Node n) return (Syn)o;
        return n.Data with { Left = Freeze(n.Left), Right = Freeze(n.Right) };
    }

    private sealed class Node(SynBinary data, object left, object right)
    {
        public SynBinary Data { get; } = data;
        public int Priority { get; } = MetricsQLOperators.Priorities[data.Op];
        public object Left { get; } = left;
        public object Right { get; set; } = right;
    }
}
