package io.waymark.spi.filter;

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
import io.waymark.spi.filter.Expr.Op;
import io.waymark.spi.filter.Expr.Operand;
import io.waymark.spi.filter.Expr.Or;
import io.waymark.spi.filter.Expr.StringLiteral;
import io.waymark.spi.filter.Expr.Test;
import java.util.ArrayList;
import java.util.List;

/**
 * The recursive-descent parser of the filter grammar (docs/filters.md). One pass, no backtracking:
 * each character is read at most a constant number of times. Depth is bounded before recursing, so
 * no input overflows the stack; the node count is bounded as nodes are made.
 */
final class FilterParser {

    private final String text;
    private int at;
    private int nodes;

    private FilterParser(String text) {
        this.text = text;
    }

    static Expr parse(String text) {
        if (text.length() > Filter.MAX_LENGTH) {
            throw new IllegalArgumentException("filter '" + Filter.shorten(text) + "' has " + text.length()
                    + " characters; the limit is " + Filter.MAX_LENGTH);
        }
        FilterParser parser = new FilterParser(text);
        parser.skipSpace();
        if (parser.at == text.length()) {
            throw new IllegalArgumentException("the filter is empty: write a condition such as 'items > 3', or remove the '[]'");
        }
        Expr expr = parser.or(1);
        parser.skipSpace();
        if (parser.at < text.length()) {
            throw parser.error(parser.at, "expected '&&', '||' or the end of the filter, found " + parser.describeHere());
        }
        return expr;
    }

    private Expr or(int depth) {
        int start = at;
        List<Expr> terms = new ArrayList<>();
        terms.add(and(depth));
        while (consume("||")) {
            terms.add(and(depth));
        }
        return terms.size() == 1 ? terms.get(0) : node(new Or(terms, start));
    }

    private Expr and(int depth) {
        int start = at;
        List<Expr> terms = new ArrayList<>();
        terms.add(unary(depth));
        while (consume("&&")) {
            terms.add(unary(depth));
        }
        return terms.size() == 1 ? terms.get(0) : node(new And(terms, start));
    }

    private Expr unary(int depth) {
        if (depth > Filter.MAX_DEPTH) {
            throw error(at, "the filter nests deeper than " + Filter.MAX_DEPTH + " levels of '!' and parentheses; simplify it");
        }
        skipSpace();
        int start = at;
        if (peek('!') && !peekAt(1, '=')) {
            at++;
            return node(new Not(unary(depth + 1), start));
        }
        if (peek('(')) {
            at++;
            Expr inner = or(depth + 1);
            skipSpace();
            if (!peek(')')) {
                throw error(at, "expected ')' to close the '(' at position " + start + ", found " + describeHere());
            }
            at++;
            return inner;
        }
        return predicate();
    }

    private Expr predicate() {
        Operand left = operand();
        skipSpace();
        int opAt = at;
        Op op = comparison();
        if (op != null) {
            Operand right = operand();
            return node(new Compare(left, op, right, left.position()));
        }
        if (keyword("in")) {
            skipSpace();
            if (!peek('(')) {
                throw error(at, "expected '(' after 'in', as in 'method in (CARD, CASH)', found " + describeHere());
            }
            int open = at++;
            List<Operand> values = new ArrayList<>();
            do {
                values.add(operand());
                skipSpace();
            } while (consume(","));
            if (!peek(')')) {
                throw error(at, "expected ',' or ')' to close the list opened at position " + open + ", found " + describeHere());
            }
            at++;
            return node(new In(left, values, left.position()));
        }
        if (peek('=') || peek('<') || peek('>')) {
            throw error(opAt, "'=' is not an operator: compare with '==', '!=', '<', '<=', '>' or '>='");
        }
        return node(new Test(left, left.position()));
    }

    private Op comparison() {
        for (Op op : new Op[] {Op.EQ, Op.NE, Op.LE, Op.GE, Op.LT, Op.GT}) {
            if (text.startsWith(op.symbol(), at)) {
                at += op.symbol().length();
                return op;
            }
        }
        return null;
    }

    private Operand operand() {
        skipSpace();
        int start = at;
        if (at == text.length()) {
            throw error(at, "expected a value (a field, a number, a string, true, false or null), found the end of the filter");
        }
        char c = text.charAt(at);
        if (c == '"' || c == '\'') {
            return node(string());
        }
        if (c == '-' || isDigit(c)) {
            return node(number());
        }
        if (Character.isJavaIdentifierStart(c)) {
            String name = identifier();
            switch (name) {
                case "true":
                    return node(new BooleanLiteral(true, start));
                case "false":
                    return node(new BooleanLiteral(false, start));
                case "null":
                    return node(new NullLiteral(start));
                default:
                    break;
            }
            int afterName = at;
            skipSpace();
            if (name.equals("len") && peek('(')) {
                at++;
                skipSpace();
                int fieldAt = at;
                if (at == text.length() || !Character.isJavaIdentifierStart(text.charAt(at))) {
                    throw error(at, "expected a field name in len(...), found " + describeHere());
                }
                Name field = node(new Name(identifier(), fieldAt));
                skipSpace();
                if (!peek(')')) {
                    throw error(at, "expected ')' to close 'len(' at position " + start + ", found " + describeHere());
                }
                at++;
                return node(new Length(field, start));
            }
            at = afterName;
            return node(new Name(name, start));
        }
        throw error(at, "expected a value (a field, a number, a string, true, false or null), found " + describeHere());
    }

    private String identifier() {
        int start = at;
        at++;
        while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))
                && !Character.isIdentifierIgnorable(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    /** {@code -?digits(.digits)?([eE][+-]?digits)?}: a long without fraction or exponent, else a finite double. */
    private Operand number() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        if (!digits()) {
            throw error(start, "expected digits after '-' (minus applies to number literals only), found " + describeHere());
        }
        boolean decimal = false;
        if (peek('.')) {
            at++;
            if (!digits()) {
                throw error(at, "expected digits after the decimal point, found " + describeHere());
            }
            decimal = true;
        }
        if (peek('e') || peek('E')) {
            at++;
            if (peek('+') || peek('-')) {
                at++;
            }
            if (!digits()) {
                throw error(at, "expected the exponent's digits, found " + describeHere());
            }
            decimal = true;
        }
        if (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
            throw error(at, "a number is followed by " + describeHere() + "; separate it, or quote a string");
        }
        String literal = text.substring(start, at);
        if (decimal) {
            double value = Double.parseDouble(literal);
            if (Double.isInfinite(value)) {
                throw error(start, "the number " + Filter.shorten(literal) + " is too large for a double");
            }
            return new DecimalLiteral(value, start);
        }
        try {
            return new IntLiteral(Long.parseLong(literal), start);
        } catch (NumberFormatException e) {
            throw error(start, "the integer " + Filter.shorten(literal) + " is outside the range of a long ("
                    + Long.MIN_VALUE + ".." + Long.MAX_VALUE + ")");
        }
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && isDigit(text.charAt(at))) {
            at++;
        }
        return at > start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * A quoted string, {@code "..."} or {@code '...'}: {@code \\}, {@code \"}, {@code \'} and {@code \*}
     * (a literal star) are escapes, {@code \n}, {@code \t} and {@code \}{@code uXXXX} too; an unescaped
     * {@code '*'} is a glob star.
     */
    private StringLiteral string() {
        int start = at;
        char quote = text.charAt(at++);
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        while (true) {
            if (at == text.length()) {
                throw error(start, "the string opened here is not closed by " + quote);
            }
            char c = text.charAt(at++);
            if (c == quote) {
                break;
            } else if (c == '*') {
                segments.add(segment.toString());
                segment.setLength(0);
            } else if (c == '\\') {
                if (at == text.length()) {
                    throw error(at - 1, "the string ends with a '\\' that escapes nothing");
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '\\', '"', '\'', '*' -> segment.append(e);
                    case 'n' -> segment.append('\n');
                    case 't' -> segment.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error(at - 2, "'\\u' needs four hexadecimal digits");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(text.charAt(at + i), 16);
                            if (digit < 0) {
                                throw error(at - 2, "'\\u' needs four hexadecimal digits");
                            }
                            code = code * 16 + digit;
                        }
                        at += 4;
                        segment.append((char) code);
                    }
                    default -> throw error(at - 2, (Character.isISOControl(e) || Character.isWhitespace(e) || Character.isSurrogate(e)
                            ? "a '\\' before " + printable(e) : "'\\" + e + "'") + " is not an escape; in strings write \\\\, \\\", "
                            + "\\', \\* (a star that is no glob), \\n, \\t or \\uXXXX");
                }
            } else {
                segment.append(c);
            }
        }
        segments.add(segment.toString());
        return new StringLiteral(segments, start);
    }

    private <T> T node(T node) {
        if (++nodes > Filter.MAX_NODES) {
            throw error(at, "the filter has more than " + Filter.MAX_NODES + " nodes (conditions, values); simplify it");
        }
        return node;
    }

    private boolean consume(String symbol) {
        skipSpace();
        if (text.startsWith(symbol, at)) {
            at += symbol.length();
            return true;
        }
        if (symbol.length() == 2 && (symbol.equals("&&") || symbol.equals("||")) && peek(symbol.charAt(0))
                && !text.startsWith(symbol, at)) {
            throw error(at, "'" + symbol.charAt(0) + "' alone is not an operator: write '" + symbol + "'");
        }
        return false;
    }

    private boolean keyword(String word) {
        if (text.startsWith(word, at) && (at + word.length() == text.length()
                || !Character.isJavaIdentifierPart(text.charAt(at + word.length())))) {
            at += word.length();
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private boolean peekAt(int ahead, char c) {
        return at + ahead < text.length() && text.charAt(at + ahead) == c;
    }

    private void skipSpace() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == '\n'
                || text.charAt(at) == '\r')) {
            at++;
        }
    }

    private String describeHere() {
        if (at >= text.length()) {
            return "the end of the filter";
        }
        return printable(text.charAt(at));
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSurrogate(c)
                ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private IllegalArgumentException error(int position, String message) {
        return new IllegalArgumentException("filter '" + Filter.shorten(text) + "' at position " + position + ": " + message);
    }
}
