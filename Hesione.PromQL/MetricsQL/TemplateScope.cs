using System.Collections.Immutable;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// The WITH templates visible at one point of an expansion: the first <see cref="_visible"/> templates of one level (a
/// WITH's templates, or a template's parameters) and everything its parent scope sees. Levels are indexed by name
/// once, so a lookup costs one dictionary probe per level, and a scope is entered in constant time: expanding a chain
/// of templates is linear in its length.
/// </summary>
internal sealed class TemplateScope
{
    private readonly Level _level;
    private readonly int _visible;
    private readonly TemplateScope? _parent;

    private TemplateScope(Level level, int visible, TemplateScope? parent)
    {
        _level = level;
        _visible = visible;
        _parent = parent;
    }

    /// <summary>The scope of <paramref name="templates"/> alone.</summary>
    public static TemplateScope Of(ImmutableArray<Template> templates) => new(new Level(templates), templates.Length, null);

    /// <summary>This scope and, after it, <paramref name="templates"/> (all visible); this scope itself when there are none.</summary>
    public TemplateScope With(ImmutableArray<Template> templates) => templates.IsEmpty ? this : new(new Level(templates), templates.Length, this);

    /// <summary>The innermost visible template named <paramref name="name"/>, or null.</summary>
    public Template? Find(string name) => Locate(name)?.Template;

    /// <summary>
    /// The innermost visible template named <paramref name="name"/> and the scope its body is expanded in: the
    /// templates defined before it, or null when there is none.
    /// </summary>
    public (Template Template, TemplateScope Before)? Locate(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            var index = scope._level.LastBefore(name, scope._visible);
            if (index >= 0) return (scope._level.Templates[index], new TemplateScope(scope._level, index, scope._parent));
        }
        return null;
    }

    /// <summary>One level's templates with an index by name; names may repeat, the later one hiding the earlier.</summary>
    private sealed class Level
    {
        private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);
        private readonly int[] _previousSameName;

        public Level(ImmutableArray<Template> templates)
        {
            Templates = templates;
            _previousSameName = new int[templates.Length];
            for (var i = 0; i < templates.Length; i++)
            {
                _previousSameName[i] = _last.TryGetValue(templates[i].Name, out var previous) ? previous : -1;
                _last[templates[i].Name] = i;
            }
        }

        public ImmutableArray<Template> Templates { get; }

        /// <summary>The index of the last template named <paramref name="name"/> among the first <paramref name="visible"/>, or -1.</summary>
        public int LastBefore(string name, int visible)
        {
            if (!_last.TryGetValue(name, out var index)) return -1;
            while (index >= visible) index = _previousSameName[index];
            return index;
        }
    }
}
