package io.waymark.spi.filter;

import io.waymark.spi.EventType;
import io.waymark.spi.filter.Expr.And;
import io.waymark.spi.filter.Expr.BooleanLiteral;
import io.waymark.spi.filter.Expr.Compare;
import io.waymark.spi.filter.Expr.DecimalLiteral;
import io.waymark.spi.filter.Expr.In;
import io.waymark.spi.filter.Expr.IntLiteral;
import io.waymark.spi.filter.Expr.Length;
import io.waymark.spi.filter.Expr.Name;
import io.waymark.spi.filter.Expr.Not;
import io.waymark.spi.filter.Expr.NullLiteral;
import io.waymark.spi.filter.Expr.Operand;
import io.waymark.spi.filter.Expr.Or;
import io.waymark.spi.filter.Expr.StringLiteral;
import io.waymark.spi.filter.Expr.Test;
import java.util.Objects;

/**
 * A filter over an event's fields, the {@code [...]} part of a rule ({@code docs/filters.md}):
 * comparisons, {@code && || !}, parentheses, numbers, strings with {@code *} globs, enum constants by
 * label, {@code in (...)}, {@code len(field)} and {@code null} tests on enum fields. Parsing checks
 * the syntax only; {@link #check(EventType)} checks it against one event type's fields, with errors
 * that name the field, the types and the event's fields, and gives the {@link CheckedFilter} that
 * evaluates events. Sessions, start-up configuration, the management interface and the command line
 * all parse with this one class.
 *
 * <p>Parsing is a single pass over at most {@link #MAX_LENGTH} characters, building at most
 * {@link #MAX_NODES} nodes nested at most {@link #MAX_DEPTH} deep; no input makes it recurse deeper
 * or run longer.
 */
public final class Filter {

    /** The longest filter accepted, in characters (between the brackets). */
    public static final int MAX_LENGTH = 4096;
    /** The most nodes (conditions, operands, values in lists) a filter may have. */
    public static final int MAX_NODES = 512;
    /** The deepest nesting of parentheses and {@code !} a filter may have. */
    public static final int MAX_DEPTH = 32;

    private final Expr expr;
    private final String text;

    private Filter(Expr expr) {
        this.expr = expr;
        this.text = print(expr, new StringBuilder()).toString();
    }

    /**
     * Parses a filter (the text between the brackets of a rule).
     *
     * @throws IllegalArgumentException naming the filter, the position and what was expected
     */
    public static Filter parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Filter(FilterParser.parse(text));
    }

    /** The syntax tree. */
    public Expr expr() {
        return expr;
    }

    /**
     * Checks the filter against an event type and compiles it for that type.
     *
     * @throws IllegalArgumentException for an unknown field (naming it and listing the event's fields),
     *     a type mismatch (naming both types), an unknown enum constant, or an operator the type lacks
     */
    public CheckedFilter check(EventType type) {
        Objects.requireNonNull(type, "type");
        return FilterCompiler.compile(this, type);
    }

    /** The filter in canonical form: parsing it gives the same filter. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Filter filter && filter.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** A value as messages quote it: whole when short, else its start (a hostile value may be megabytes). */
    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static StringBuilder print(Expr expr, StringBuilder out) {
        if (expr instanceof Or or) {
            for (int i = 0; i < or.terms().size(); i++) {
                out.append(i == 0 ? "" : " || ");
                printTerm(or.terms().get(i), out, false);
            }
        } else if (expr instanceof And and) {
            for (int i = 0; i < and.terms().size(); i++) {
                out.append(i == 0 ? "" : " && ");
                printTerm(and.terms().get(i), out, true);
            }
        } else if (expr instanceof Not not) {
            out.append('!');
            if (not.operand() instanceof Not || not.operand() instanceof Test) {
                print(not.operand(), out);
            } else {
                out.append('(');
                print(not.operand(), out).append(')');
            }
        } else if (expr instanceof Compare compare) {
            print(compare.left(), out).append(' ').append(compare.op().symbol()).append(' ');
            print(compare.right(), out);
        } else if (expr instanceof In in) {
            print(in.operand(), out).append(" in (");
            for (int i = 0; i < in.values().size(); i++) {
                out.append(i == 0 ? "" : ", ");
                print(in.values().get(i), out);
            }
            out.append(')');
        } else if (expr instanceof Test test) {
            print(test.operand(), out);
        }
        return out;
    }

    /** A term of an and, an or, or a not, parenthesised when its operator binds looser than the context's. */
    private static void printTerm(Expr term, StringBuilder out, boolean tight) {
        boolean parenthesise = term instanceof Or || (tight && term instanceof And);
        if (term instanceof Not || term instanceof Test) {
            parenthesise = false;
        } else if (tight && (term instanceof Compare || term instanceof In)) {
            parenthesise = false;
        }
        if (parenthesise) {
            out.append('(');
            print(term, out).append(')');
        } else {
            print(term, out);
        }
    }

    static StringBuilder print(Operand operand, StringBuilder out) {
        if (operand instanceof Name name) {
            out.append(name.name());
        } else if (operand instanceof Length length) {
            out.append("len(").append(length.field().name()).append(')');
        } else if (operand instanceof IntLiteral literal) {
            out.append(literal.value());
        } else if (operand instanceof DecimalLiteral literal) {
            out.append(literal.value());
        } else if (operand instanceof StringLiteral literal) {
            out.append('"');
            for (int i = 0; i < literal.segments().size(); i++) {
                if (i > 0) {
                    out.append('*');
                }
                escape(literal.segments().get(i), out);
            }
            out.append('"');
        } else if (operand instanceof BooleanLiteral literal) {
            out.append(literal.value());
        } else if (operand instanceof NullLiteral) {
            out.append("null");
        }
        return out;
    }

    private static void escape(String segment, StringBuilder out) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            switch (c) {
                case '\\', '"', '*' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
