using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Functions;
using Hesione.PromQL.Parsing;
using Hesione.Server.Configuration;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;
using Xunit;
using ValueType = Hesione.PromQL.Ast.ValueType;

namespace Hesione.Tests.Enforcement;

/// <summary>Records that hold collections compare them by value, not by reference (a record's default).</summary>
public sealed class ValueEqualityTests
{
    private static LabelScope Scope(string[] values, string[]? metrics = null, OnConflict onConflict = OnConflict.Intersect) =>
        new([LabelConstraint.Literal("namespace", [.. values]), LabelConstraint.Regexes("cluster", ["prod-.+"])], metrics is null ? null : [.. metrics], onConflict);

    private static void ShouldBeEqual<T>(T a, T b) where T : notnull
    {
        ReferenceEquals(a, b).Should().BeFalse();
        a.Should().Be(b);
        a.Equals(b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
    }

    [Fact]
    public void Two_identical_scopes_are_equal()
    {
        ShouldBeEqual(Scope(["team-a", "team-b"], ["http_.*"]), Scope(["team-a", "team-b"], ["http_.*"]));
        ShouldBeEqual(LabelScope.Single("namespace", "team-a"), LabelScope.Single("namespace", "team-a"));
        (Scope(["team-a"]) == Scope(["team-a"])).Should().BeTrue();
        new HashSet<LabelScope> { Scope(["team-a"]), Scope(["team-a"]) }.Should().ContainSingle();
    }

    [Fact]
    public void Constraints_compare_in_any_order_and_everything_else_counts()
    {
        var ab = new LabelScope([LabelConstraint.Literal("a", ["1"]), LabelConstraint.Literal("b", ["2"])]);
        var ba = new LabelScope([LabelConstraint.Literal("b", ["2"]), LabelConstraint.Literal("a", ["1"])]);
        ShouldBeEqual(ab, ba);

        Scope(["team-a"]).Should().NotBe(Scope(["team-b"]));
        Scope(["team-a", "team-b"]).Should().NotBe(Scope(["team-b", "team-a"]), because: "the values make the regex in their order");
        Scope(["team-a"], ["a", "b"]).Should().NotBe(Scope(["team-a"], ["b", "a"]));
        Scope(["team-a"], ["a"]).Should().NotBe(Scope(["team-a"]));
        Scope(["team-a"]).Should().NotBe(Scope(["team-a"], onConflict: OnConflict.Reject));
        new LabelScope([LabelConstraint.Literal("a", ["1"])]).Should().NotBe(new LabelScope([LabelConstraint.Regexes("a", ["1"])]));
    }

    [Fact]
    public void Constraints_and_functions_compare_by_value()
    {
        ShouldBeEqual(LabelConstraint.Literal("namespace", ["a", "b"]), LabelConstraint.Literal("namespace", ["a", "b"]));
        LabelConstraint.Literal("namespace", ["a", "b"]).Should().NotBe(LabelConstraint.Literal("namespace", ["a", "c"]));

        var rate = FunctionTable.All["rate"];
        ShouldBeEqual(rate with { ArgTypes = [.. rate.ArgTypes] }, rate);
        (rate with { ArgTypes = [ValueType.Scalar] }).Should().NotBe(rate);
        (rate with { Experimental = !rate.Experimental }).Should().NotBe(rate);
    }

    [Theory]
    [InlineData("""sum by (job, pod) (rate(http_requests_total{code=~"5..",job="api"}[5m] offset 1m))""")]
    [InlineData("""a / on (job) group_left (pod) b""")]
    [InlineData("""label_replace(up, "x", "$1", "job", "(.*)")[1h:max_of(step(), 1m)]""")]
    [InlineData("""topk(3, {__name__="up", "utf8.label"!="x"})""")]
    public void Trees_parsed_twice_are_equal(string query) =>
        ShouldBeEqual(PromQLParser.Parse(query).Value!, PromQLParser.Parse(query).Value!);

    [Fact]
    public void Server_records_with_collections_compare_by_value()
    {
        ShouldBeEqual(new UpstreamAnswer(200, "application/json", [1, 2, 3]), new UpstreamAnswer(200, "application/json", [1, 2, 3]));
        new UpstreamAnswer(200, "application/json", [1, 2, 3]).Should().NotBe(new UpstreamAnswer(200, "application/json", [1, 2, 4]));
    }

    /// <summary>The public records of the library and every record of the server that hold a collection.</summary>
    private static IEnumerable<Type> RecordTypesWithCollections() =>
        typeof(LabelScope).Assembly.GetExportedTypes().Concat(typeof(ApiError).Assembly.GetTypes()).Where(t => IsRecord(t) && CollectionFields(t).Any());

    public static TheoryData<string> RecordsWithCollections() => [.. RecordTypesWithCollections().Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(RecordsWithCollections))]
    public void Every_record_holding_a_collection_writes_its_own_equality(string typeName)
    {
        var type = typeof(LabelScope).Assembly.GetType(typeName) ?? typeof(ApiError).Assembly.GetType(typeName)!;
        var equals = type.GetMethod("Equals", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, [type]);
        var hash = type.GetMethod("GetHashCode", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, Type.EmptyTypes);
        equals.Should().NotBeNull();
        equals!.IsDefined(typeof(CompilerGeneratedAttribute)).Should().BeFalse(
            because: $"{type.Name} holds {string.Join(", ", CollectionFields(type).Select(f => f.Name))}, which a generated Equals compares by reference");
        hash!.IsDefined(typeof(CompilerGeneratedAttribute)).Should().BeFalse();
    }

    [Fact]
    public void Config_value_lists_compare_by_value()
    {
        ShouldBeEqual(new TextList(["a", "b"], ["x[0]", "x[1]"]), new TextList(["a", "b"], ["x[0]", "x[1]"]));
        new TextList(["a", "b"], ["x[0]", "x[1]"]).Should().NotBe(new TextList(["b", "a"], ["x[0]", "x[1]"]));
        ValueList<string> empty = [];
        empty.Should().Equal(new ValueList<string>([]));
    }

    [Fact]
    public void The_guard_finds_the_records_it_must()
    {
        RecordTypesWithCollections().Should().Contain([typeof(LabelScope), typeof(VectorSelector), typeof(PromQLFunction), typeof(UpstreamAnswer)]);
    }

    private static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is { } print
        && print.IsDefined(typeof(CompilerGeneratedAttribute));

    /// <summary>The fields a generated Equals would compare by reference: collections, except the config's <see cref="ValueList{T}"/>, which compares by value.</summary>
    private static IEnumerable<FieldInfo> CollectionFields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(f => f.FieldType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(f.FieldType)
                && !(f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(ValueList<>)));
}
