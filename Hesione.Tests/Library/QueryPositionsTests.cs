using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.Library;

/// <summary>Error positions and node ranges are UTF-8 byte offsets; <see cref="QueryPositions"/> turns them into characters of the .NET string.</summary>
public class QueryPositionsTests
{
    [Fact]
    public void An_error_after_multi_byte_characters_has_a_byte_column_and_a_character_column()
    {
        // "é" is 2 bytes, "😀" is 4 bytes and 2 UTF-16 characters.
        const string query = "x{a=\"é😀\"} +";
        var parsed = PromQLParser.Parse(query);

        parsed.ErrorMessage.Should().StartWith("1:16: parse error:");
        parsed.ErrorLocation.Should().Be(new QueryLocation(Line: 1, ByteColumn: 16, Column: 13, CharIndex: 12));
    }

    [Fact]
    public void Lines_restart_both_columns()
    {
        const string query = "sum(\n  \"ü\" + )";
        var location = PromQLParser.Parse(query).ErrorLocation!.Value;

        location.Line.Should().Be(2);
        query[location.CharIndex].Should().Be(')');
        location.Column.Should().Be(location.CharIndex - query.IndexOf('\n'));
        location.ByteColumn.Should().Be(location.Column + 1, "the ü before it takes two bytes");
    }

    [Fact]
    public void Node_ranges_map_to_the_characters_of_the_node()
    {
        var parsed = PromQLParser.Parse("{\"ñ_total\", \"ä\"=\"ö\"} / on () rate(b[5m])");
        parsed.Success.Should().BeTrue(parsed.ErrorMessage);
        var binary = (BinaryExpr)parsed.Value!;

        parsed.Query[QueryPositions.CharRange(parsed.Query, binary.Left.Position)].Should().Be("{\"ñ_total\", \"ä\"=\"ö\"}");
        parsed.Query[QueryPositions.CharRange(parsed.Query, binary.Right.Position)].Should().Be("rate(b[5m])");
    }

    [Fact]
    public void Offsets_inside_a_character_stand_for_it_and_offsets_past_the_end_for_the_end()
    {
        QueryPositions.CharIndex("aé", 2).Should().Be(1);
        QueryPositions.CharIndex("aé", 3).Should().Be(2);
        QueryPositions.CharIndex("aé", 99).Should().Be(2);
        QueryPositions.Locate("aé", 99).ByteColumn.Should().Be(4);
        QueryPositions.CharIndex("aé", -5).Should().Be(0);
    }
}
