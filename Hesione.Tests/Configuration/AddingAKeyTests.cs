using FluentAssertions;
using Hesione.Server.Configuration;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Hesione.Tests.Configuration;

/// <summary>
/// How a config key is added: a parameter in a settings record (its type and attributes say how it is read), a rule
/// in the validator when it must agree with other keys, a line in the compiler that puts it in the plan. This record
/// stands in for a real one: <c>max_widgets</c> and <c>colour</c> are read by their snake_case names, checked for
/// shape and range, unknown keys refused, each problem with its path.
/// </summary>
public class AddingAKeyTests
{
    internal sealed record WidgetSettings(
        [Required, Integer(1, 5)] long? MaxWidgets,
        [OneOf("red", "blue")] string? Colour,
        TimeSpan? Lifetime,
        TextList? Tags) : Settings;

    private static (WidgetSettings? Settings, IReadOnlyList<string> Problems) Read(string yaml)
    {
        var problems = new ConfigProblems();
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var binder = new SettingsBinder(new YamlValues(problems, new EnvSubstitution(_ => null)));
        return (binder.Read<WidgetSettings>(stream.Documents[0].RootNode, "widgets"), problems.Messages);
    }

    [Fact]
    public void A_new_key_is_a_parameter_read_by_its_snake_case_name()
    {
        var (settings, problems) = Read("{max_widgets: 3, colour: red, lifetime: 1m30s, tags: [a, b]}");

        problems.Should().BeEmpty();
        settings.Should().BeEquivalentTo(new WidgetSettings(3, "red", TimeSpan.FromSeconds(90), new TextList(["a", "b"], ["widgets.tags[0]", "widgets.tags[1]"])),
            options => options.Excluding(s => s.Given).Excluding(s => s.Path).ComparingByMembers<WidgetSettings>());
        settings!.Path.Should().Be("widgets");
        SettingsBinder.KeysOf(typeof(WidgetSettings)).Should().BeEquivalentTo(["max_widgets", "colour", "lifetime", "tags"]);
    }

    [Fact]
    public void Its_shape_problems_come_with_paths()
    {
        var (settings, problems) = Read("{colour: green, lifetime: soon, tags: [], max_widget: 1}");

        problems.Should().BeEquivalentTo(
            "widgets.max_widget: unknown key",
            "widgets.max_widgets: missing",
            "widgets.colour: expected one of red, blue",
            "widgets.lifetime: expected a positive duration such as 30s or 1m30s",
            "widgets.tags: at least one value is needed");
        settings!.Given.Should().BeEquivalentTo(["colour", "lifetime", "tags"]);
        settings.Colour.Should().BeNull();
    }
}
