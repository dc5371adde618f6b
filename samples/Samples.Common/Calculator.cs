using System.Globalization;

namespace Samples.Common;

/// <summary>
/// The calculator tool: evaluates an arithmetic expression exactly, in decimal (so 9.9 and 9.11 compare right).
/// Supports + - * / (also × and ÷), ^ with a whole exponent, parentheses, unary minus, comparisons
/// (&lt; &gt; &lt;= &gt;= == !=, giving true or false) and max(a, b, ...), min(a, b, ...), abs(a). The Tools and
/// ExtensionsAI samples give it to the model as a tool.
/// </summary>
public static class Calculator
{
    /// <summary>Evaluates an expression; a bad expression gives "error: ..." for the model to read and correct.</summary>
    /// <param name="expression">The expression, such as <c>3666 * 5444</c> or <c>9.9 &gt; 9.11</c>.</param>
    /// <returns>The value (<c>19957704</c>, <c>true</c>) or <c>error: ...</c>.</returns>
    public static string Evaluate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            var parser = new Parser(expression);
            var value = parser.ParseExpression();
            parser.ExpectEnd();
            return value.ToString();
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or DivideByZeroException)
        {
            return "error: " + ex.Message;
        }
    }

    private readonly record struct Value(decimal Number, bool? Truth = null)
    {
        public override string ToString() => Truth is { } t
            ? (t ? "true" : "false")
            : Number.ToString("0.############################", CultureInfo.InvariantCulture);

        public decimal AsNumber() => Truth is null ? Number : throw new FormatException("a comparison cannot be used as a number");
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public Value ParseExpression()
        {
            var left = ParseSum();
            SkipSpaces();
            foreach (var op in (ReadOnlySpan<string>)["<=", ">=", "==", "!=", "<", ">"])
            {
                if (text.AsSpan(_pos).StartsWith(op, StringComparison.Ordinal))
                {
                    _pos += op.Length;
                    var a = left.AsNumber();
                    var b = ParseSum().AsNumber();
                    return new Value(0, op switch
                    {
                        "<=" => a <= b,
                        ">=" => a >= b,
                        "==" => a == b,
                        "!=" => a != b,
                        "<" => a < b,
                        _ => a > b,
                    });
                }
            }

            return left;
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_pos < text.Length)
            {
                throw new FormatException($"unexpected '{text[_pos]}' at position {_pos + 1} of \"{text}\"");
            }
        }

        private Value ParseSum()
        {
            var value = ParseProduct().AsNumber();
            while (true)
            {
                SkipSpaces();
                if (Accept('+'))
                {
                    value += ParseProduct().AsNumber();
                }
                else if (Accept('-') || Accept('−'))
                {
                    value -= ParseProduct().AsNumber();
                }
                else
                {
                    return new Value(value);
                }
            }
        }

        private Value ParseProduct()
        {
            var first = ParseUnary();
            if (!NextIsProductOperator())
            {
                return first;
            }

            var value = first.AsNumber();
            while (NextIsProductOperator())
            {
                var op = text[_pos++];
                var right = ParseUnary().AsNumber();
                value = op is '/' or '÷' ? value / right : value * right;
            }

            return new Value(value);
        }

        private bool NextIsProductOperator()
        {
            SkipSpaces();
            return _pos < text.Length && text[_pos] is '*' or '×' or '/' or '÷';
        }

        private Value ParseUnary()
        {
            SkipSpaces();
            if (Accept('-') || Accept('−'))
            {
                return new Value(-ParseUnary().AsNumber());
            }

            Accept('+');
            var value = ParsePrimary();
            SkipSpaces();
            if (Accept('^'))
            {
                var exponent = ParseUnary().AsNumber();
                if (exponent != decimal.Truncate(exponent) || Math.Abs(exponent) > 64)
                {
                    throw new FormatException("the exponent must be a whole number from -64 to 64");
                }

                var result = 1m;
                for (var i = 0; i < Math.Abs(exponent); i++)
                {
                    result *= value.AsNumber();
                }

                return new Value(exponent < 0 ? 1 / result : result);
            }

            return value;
        }

        private Value ParsePrimary()
        {
            SkipSpaces();
            if (Accept('('))
            {
                var inner = ParseExpression();
                Expect(')');
                return inner;
            }

            var start = _pos;
            if (_pos < text.Length && char.IsLetter(text[_pos]))
            {
                while (_pos < text.Length && char.IsLetter(text[_pos]))
                {
                    _pos++;
                }

                var name = text[start.._pos].ToLowerInvariant();
                Expect('(');
                var args = new List<decimal> { ParseExpression().AsNumber() };
                while (Accept(','))
                {
                    args.Add(ParseExpression().AsNumber());
                }

                Expect(')');
                return name switch
                {
                    "max" => new Value(args.Max()),
                    "min" => new Value(args.Min()),
                    "abs" when args.Count == 1 => new Value(Math.Abs(args[0])),
                    _ => throw new FormatException($"unknown function '{name}' (use max, min or abs)"),
                };
            }

            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }

            if (start == _pos)
            {
                throw new FormatException(_pos < text.Length
                    ? $"expected a number at position {_pos + 1} of \"{text}\", found '{text[_pos]}'"
                    : $"the expression \"{text}\" ends too early");
            }

            return new Value(decimal.Parse(text.AsSpan(start, _pos - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        }

        private void Expect(char c)
        {
            if (!Accept(c))
            {
                throw new FormatException($"expected '{c}' at position {_pos + 1} of \"{text}\"");
            }
        }

        private bool Accept(char c)
        {
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void SkipSpaces()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }
    }
}
