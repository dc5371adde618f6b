using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

namespace Ollama.Net.VectorData.Internal;

/// <summary>A compiled filter: whether the record in <paramref name="slot"/> passes, read from the value columns.</summary>
/// <param name="columns">The stored values by column (the key first, then the data properties), each indexed by slot.</param>
/// <param name="slot">The record's slot.</param>
internal delegate bool RecordFilter(ValueColumns columns, int slot);

/// <summary>
/// Translates a LINQ filter into a predicate over the stored values of a record (the key first, then the data
/// properties, kept by column so that a filter reads memory in order), accepting only what the abstraction's database connectors share: comparisons of a property with a
/// constant, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, bool properties and <c>Contains</c>. Anything else throws
/// <see cref="NotSupportedException"/> at once, so a filter that would fail on a database fails here too.
/// </summary>
internal sealed class FilterTranslator : FilterTranslatorBase
{
    private static readonly MethodInfo ObjectEquals = typeof(object).GetMethod(nameof(object.Equals), [typeof(object), typeof(object)])!;
    private static readonly MethodInfo SetContains = typeof(HashSet<object?>).GetMethod(nameof(HashSet<object?>.Contains))!;
    private static readonly MethodInfo ListContainsValue = typeof(FilterTranslator).GetMethod(nameof(ContainsValue), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ListIntersects = typeof(FilterTranslator).GetMethod(nameof(Intersects), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ParameterExpression _values = Expression.Parameter(typeof(ValueColumns), "columns");
    private readonly ParameterExpression _slot = Expression.Parameter(typeof(int), "slot");
    private readonly CollectionShape _shape;

    private FilterTranslator(CollectionShape shape)
    {
        _shape = shape;
    }

    /// <summary>Compiles <paramref name="filter"/> into a predicate over the stored values (one compile per call).</summary>
    public static RecordFilter Compile(LambdaExpression filter, CollectionModel model, CollectionShape shape)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var translator = new FilterTranslator(shape);
        Expression body = translator.PreprocessFilter(filter, model, new FilterPreprocessingOptions());
        Expression predicate = translator.Predicate(body);
        return Expression.Lambda<RecordFilter>(predicate, translator._values, translator._slot).Compile();
    }

    private Expression Predicate(Expression node)
    {
        switch (node)
        {
            case ConstantExpression { Value: bool }:
                return node;
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } logical:
                return Expression.MakeBinary(logical.NodeType, Predicate(logical.Left), Predicate(logical.Right));
            case UnaryExpression { NodeType: ExpressionType.Not } not when not.Type == typeof(bool):
                return Expression.Not(Predicate(not.Operand));
            case BinaryExpression
            {
                NodeType: ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                    or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual,
            } comparison:
                return Comparison(comparison);
            case MethodCallExpression call:
                return Call(call);
            default:
                if (node.Type == typeof(bool) && TryValue(node, out Expression? flag))
                {
                    return flag;
                }

                throw Unsupported(node, "a filter may use ==, !=, <, <=, >, >=, &&, ||, !, bool properties and Contains");
        }
    }

    private Expression Comparison(BinaryExpression comparison)
    {
        bool leftIsProperty = TryValue(comparison.Left, out Expression? left);
        bool rightIsProperty = TryValue(comparison.Right, out Expression? right);
        if (leftIsProperty == rightIsProperty || !(leftIsProperty ? comparison.Right : comparison.Left).IsConstant())
        {
            throw Unsupported(comparison, "a comparison must compare one record property with a constant or captured value");
        }

        left ??= comparison.Left;
        right ??= comparison.Right;
        if (comparison.NodeType is ExpressionType.Equal or ExpressionType.NotEqual
            && (left.Type == typeof(object) || right.Type == typeof(object) || left.Type != right.Type))
        {
            // A dynamic record's r["Name"] is an object: compare values, not references.
            Expression equals = Expression.Call(ObjectEquals, Expression.Convert(left, typeof(object)), Expression.Convert(right, typeof(object)));
            return comparison.NodeType == ExpressionType.Equal ? equals : Expression.Not(equals);
        }

        return Expression.MakeBinary(comparison.NodeType, left, right, comparison.IsLiftedToNull, comparison.Method);
    }

    private Expression Call(MethodCallExpression call)
    {
        if (TryMatchContains(call, out Expression? source, out Expression? item))
        {
            // field.Contains(constant): the field is an array or list property.
            if (TryValue(source, out Expression? list) && item.IsConstant())
            {
                return Expression.Call(ListContainsValue, Expression.Convert(list, typeof(IEnumerable)), Expression.Convert(item, typeof(object)));
            }

            // constant.Contains(field): a captured or inline array or list of values.
            if (source.IsConstant() && TryValue(item, out Expression? value))
            {
                return Expression.Call(Expression.Constant(SetOf(source)), SetContains, Expression.Convert(value, typeof(object)));
            }

            throw Unsupported(call, "Contains must test a record property against a constant, or a constant array or list against a record property");
        }

        // field.Any(x => constant.Contains(x)): the field shares a value with the constant.
        if (call.Method.DeclaringType == typeof(Enumerable) && call.Method.Name == nameof(Enumerable.Any)
            && call.Arguments is [var anySource, LambdaExpression { Body: MethodCallExpression inner } lambda]
            && TryValue(anySource, out Expression? field)
            && TryMatchContains(inner, out Expression? values, out Expression? element)
            && values.IsConstant() && element == lambda.Parameters[0])
        {
            return Expression.Call(ListIntersects, Expression.Convert(field, typeof(IEnumerable)), Expression.Constant(SetOf(values)));
        }

        throw Unsupported(call, "the only methods a filter may call are Contains (Enumerable or MemoryExtensions) and Any(x => values.Contains(x))");
    }

    /// <summary>Binds a record property (r.Name, r["Name"], with casts) to a read of its stored value.</summary>
    private bool TryValue(Expression node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Expression? value)
    {
        if (!TryBindProperty(node, out PropertyModel? property))
        {
            value = null;
            return false;
        }

        if (property is VectorPropertyModel || !_shape.Columns.TryGetValue(property.ModelName, out int column))
        {
            throw new NotSupportedException($"The filter uses vector property '{property.ModelName}'; a filter can only test the key and data properties.");
        }

        Expression index = Expression.Constant(column);
        if (ValueColumns.TypedArrayType(_shape.Values[column].Type) is { } arrayType && arrayType.GetElementType() == node.Type)
        {
            // r.Bucket of an int property: ((int[])columns.Typed[c])[slot], the column's values side by side.
            Expression typed = Expression.ArrayIndex(Expression.Property(_values, nameof(ValueColumns.Typed)), index);
            value = Expression.ArrayIndex(Expression.Convert(typed, arrayType), _slot);
            return true;
        }

        Expression stored = Expression.ArrayIndex(Expression.ArrayIndex(Expression.Property(_values, nameof(ValueColumns.Boxed)), index), _slot);
        value = node.Type == typeof(object) ? stored : Expression.Convert(stored, node.Type);
        return true;
    }

    private static HashSet<object?> SetOf(Expression constant)
    {
        object? values = constant.ConstantValue();
        var set = new HashSet<object?>();
        if (values is IEnumerable enumerable)
        {
            foreach (object? value in enumerable)
            {
                set.Add(value);
            }
        }

        return set;
    }

    private static bool ContainsValue(IEnumerable? list, object? item)
    {
        if (list is null)
        {
            return false;
        }

        foreach (object? value in list)
        {
            if (Equals(value, item))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Intersects(IEnumerable? list, HashSet<object?> set)
    {
        if (list is null)
        {
            return false;
        }

        foreach (object? value in list)
        {
            if (set.Contains(value))
            {
                return true;
            }
        }

        return false;
    }

    private static NotSupportedException Unsupported(Expression node, string rule)
        => new($"The filter expression '{node}' is not supported by the EmbeddingIndex store: {rule}.");
}

/// <summary>Constants in a preprocessed filter (captured values are evaluated to constants, possibly converted).</summary>
internal static class ConstantExpressions
{
    public static bool IsConstant(this Expression node) => node switch
    {
        ConstantExpression => true,
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert => convert.Operand.IsConstant(),
        NewArrayExpression array => array.Expressions.All(IsConstant),
        ListInitExpression list => list.NewExpression.Arguments.Count == 0 && list.Initializers.All(i => i.Arguments.All(IsConstant)),
        _ => false,
    };

    public static object? ConstantValue(this Expression node) => node is ConstantExpression constant
        ? constant.Value
        : Expression.Lambda<Func<object?>>(Expression.Convert(node, typeof(object))).Compile(preferInterpretation: true)();
}
