package io.waymark.spi.aggregate;

import io.waymark.spi.EventPattern;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.filter.CheckedFilter;
import io.waymark.spi.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One aggregation, parsed ({@code docs/aggregations.md}):
 * <pre>
 * aggregation := [name '='] pattern ['[' filter ']'] function ['by' '(' key {',' key} ')']
 * function    := count() | sum(f) | min(f) | max(f) | avg(f) | hist(f) | lhist(f, from, to, step)
 * key         := field | event()
 * </pre>
 * for example {@code slow = shop.checkout:responseSent[status >= 500] hist(micros) by (method, status)}.
 * The pattern is the rule grammar ({@link EventPattern}), the guard the filter language
 * ({@link Filter}). Parsing checks the syntax and the limits; {@link #check(EventType)} checks the
 * fields against one event type. Sessions, start-up configuration, the management interface and the
 * command line all parse with this class.
 */
public final class Aggregation {

    /** The longest specification accepted, in characters. */
    public static final int MAX_LENGTH = EventPattern.MAX_PATTERN_LENGTH + Filter.MAX_LENGTH + 512;
    /** The most keys an aggregation may have. */
    public static final int MAX_KEYS = 4;
    /** The most buckets an {@code lhist} may have between {@code from} and {@code to}. */
    public static final int MAX_LINEAR_BUCKETS = 1000;
    /** The longest name. */
    public static final int MAX_NAME_LENGTH = 64;
    /** The key that stands for the event's qualified name. */
    public static final String EVENT_KEY = "event()";

    /** What an aggregation computes per key. */
    public enum Function {
        COUNT, SUM, MIN, MAX, AVG, HIST, LHIST;

        /** The function's name in the language. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String FORM = "expected [name =] provider:event[filter] function [by (key, ...)], for example "
            + "'slow = shop:responseSent[status >= 500] hist(micros) by (method)'; functions: count(), sum(f), min(f), max(f), "
            + "avg(f), hist(f), lhist(f, from, to, step)";

    private final String name;
    private final EventPattern pattern;
    private final Function function;
    private final String field;
    private final long from;
    private final long to;
    private final long step;
    private final List<String> keys;
    private final String text;

    private Aggregation(String name, EventPattern pattern, Function function, String field, long from, long to, long step,
            List<String> keys) {
        this.name = name;
        this.pattern = pattern;
        this.function = function;
        this.field = field;
        this.from = from;
        this.to = to;
        this.step = step;
        this.keys = List.copyOf(keys);
        StringBuilder out = new StringBuilder();
        if (name != null) {
            out.append(name).append(" = ");
        }
        out.append(pattern).append(' ').append(function.label()).append('(');
        if (field != null) {
            out.append(field);
        }
        if (function == Function.LHIST) {
            out.append(", ").append(from).append(", ").append(to).append(", ").append(step);
        }
        out.append(')');
        if (!keys.isEmpty()) {
            out.append(" by (").append(String.join(", ", keys)).append(')');
        }
        this.text = out.toString();
    }

    /**
     * Parses an aggregation.
     *
     * @throws IllegalArgumentException naming the aggregation, the position and what was expected
     */
    public static Aggregation parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        return new Parser(spec).parse();
    }

    /** The name given before {@code =}, or {@code null}: a session names it then ({@code agg1}, ...). */
    public String name() {
        return name;
    }

    /** This aggregation under another name. */
    public Aggregation named(String newName) {
        checkName(newName, text);
        return new Aggregation(newName, pattern, function, field, from, to, step, keys);
    }

    /** The events it reads, with the guard as the pattern's filter. */
    public EventPattern pattern() {
        return pattern;
    }

    public Function function() {
        return function;
    }

    /** The aggregated field, {@code null} for {@code count()}. */
    public String field() {
        return field;
    }

    /** {@code lhist}'s lower bound (inclusive); 0 for other functions. */
    public long from() {
        return from;
    }

    /** {@code lhist}'s upper bound (exclusive); 0 for other functions. */
    public long to() {
        return to;
    }

    /** {@code lhist}'s bucket width; 0 for other functions. */
    public long step() {
        return step;
    }

    /** The keys in order: field names and {@link #EVENT_KEY}. */
    public List<String> keys() {
        return keys;
    }

    /**
     * Checks the aggregation against an event type its pattern matches: the aggregated field must be
     * numeric, the keys fields of a type other than {@code byte[]}, the guard must pass
     * {@link Filter#check}.
     *
     * @throws IllegalArgumentException for an unknown field (naming it and listing the event's fields)
     *     or a field of the wrong type (naming both types)
     */
    public CheckedAggregation check(EventType type) {
        Objects.requireNonNull(type, "type");
        int valueIndex = -1;
        FieldType valueType = null;
        if (field != null) {
            valueIndex = index(type, field);
            valueType = type.field(valueIndex).type();
            if (!isNumeric(valueType)) {
                throw new IllegalArgumentException(function.label() + "(" + field + "): field '" + field + "' of "
                        + type.qualifiedName() + " is " + typeName(type.field(valueIndex)) + "; " + function.label()
                        + " needs a number (byte, short, int, long, float or double)");
            }
        }
        int[] keyIndexes = new int[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key.equals(EVENT_KEY)) {
                keyIndexes[i] = -1;
                continue;
            }
            keyIndexes[i] = index(type, key);
            if (type.field(keyIndexes[i]).type() == FieldType.BYTES) {
                throw new IllegalArgumentException("by (" + key + "): field '" + key + "' of " + type.qualifiedName()
                        + " is byte[], which is no key; key by a number, a boolean, a char, a String or an enum, or by len()"
                        + " in a filter");
            }
        }
        CheckedFilter guard = null;
        if (pattern.filter().isPresent()) {
            guard = pattern.filter().get().check(type);
        }
        return new CheckedAggregation(this, type, valueIndex, valueType, keyIndexes, guard);
    }

    private static int index(EventType type, String fieldName) {
        int index = type.fieldIndex(fieldName);
        if (index < 0) {
            List<String> names = new ArrayList<>();
            type.fields().forEach(f -> names.add(f.name()));
            throw new IllegalArgumentException("event " + type.qualifiedName() + " has no field '" + fieldName + "'; its fields: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        return index;
    }

    static boolean isNumeric(FieldType type) {
        return switch (type) {
            case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    static boolean isFloating(FieldType type) {
        return type == FieldType.FLOAT || type == FieldType.DOUBLE;
    }

    private static String typeName(FieldDescriptor field) {
        return switch (field.type()) {
            case STRING -> "String";
            case BYTES -> "byte[]";
            case ENUM -> "enum " + field.enumType();
            default -> field.type().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static void checkName(String name, String given) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("aggregation '" + shorten(given) + "': a name has 1 to " + MAX_NAME_LENGTH
                    + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                throw new IllegalArgumentException("aggregation '" + shorten(given) + "': name '" + shorten(name)
                        + "' may hold only letters, digits, '_', '.' and '-'");
            }
        }
    }

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** The aggregation in canonical form: parsing it gives the same aggregation. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Aggregation a && a.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** One pass over the text, no recursion beyond the filter's own bounded parser. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Aggregation parse() {
            if (text.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("aggregation '" + shorten(text) + "' has " + text.length()
                        + " characters; the limit is " + MAX_LENGTH);
            }
            skipSpace();
            if (at == text.length()) {
                throw new IllegalArgumentException("the aggregation is empty; " + FORM);
            }
            String name = null;
            int nameEnd = at;
            while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd))) {
                nameEnd++;
            }
            int afterName = nameEnd;
            while (afterName < text.length() && Character.isWhitespace(text.charAt(afterName))) {
                afterName++;
            }
            if (nameEnd > at && afterName < text.length() && text.charAt(afterName) == '='
                    && !text.startsWith("==", afterName)) {
                name = text.substring(at, nameEnd);
                checkName(name, text);
                at = afterName + 1;
                skipSpace();
            }
            EventPattern pattern = pattern();
            skipSpace();
            int functionAt = at;
            String functionName = identifier();
            Function function = null;
            for (Function f : Function.values()) {
                if (f.label().equals(functionName)) {
                    function = f;
                }
            }
            if (function == null) {
                throw error(functionAt, (functionName.isEmpty() ? "expected a function after the pattern, found " + describeHere()
                        : "'" + shorten(functionName) + "' is no function") + "; " + FORM);
            }
            skipSpace();
            expect('(', "after '" + function.label() + "'");
            String field = null;
            long from = 0;
            long to = 0;
            long step = 0;
            skipSpace();
            if (function == Function.COUNT) {
                if (at < text.length() && !peek(')')) {
                    throw error(at, "count() takes no field (it counts events); found " + describeHere());
                }
            } else {
                int fieldAt = at;
                field = identifier();
                if (field.isEmpty()) {
                    throw error(fieldAt, function.label() + " needs a field, as in " + function.label() + "(micros); found "
                            + describeHere());
                }
                skipSpace();
                if (function == Function.LHIST) {
                    expect(',', "after lhist's field (lhist(field, from, to, step))");
                    from = number("from");
                    expect(',', "after lhist's from (lhist(field, from, to, step))");
                    to = number("to");
                    expect(',', "after lhist's to (lhist(field, from, to, step))");
                    int stepAt = at;
                    step = number("step");
                    if (step <= 0 || to <= from) {
                        throw error(stepAt, "lhist(" + field + ", " + from + ", " + to + ", " + step
                                + ") needs from < to and a positive step");
                    }
                    long buckets = (to - from + step - 1) / step;
                    if (to - from < 0 || buckets > MAX_LINEAR_BUCKETS) {
                        throw error(stepAt, "lhist(" + field + ", " + from + ", " + to + ", " + step + ") would have more than "
                                + MAX_LINEAR_BUCKETS + " buckets; widen the step or narrow the range");
                    }
                }
            }
            skipSpace();
            expect(')', "to close " + function.label() + "(");
            skipSpace();
            List<String> keys = new ArrayList<>();
            if (at < text.length()) {
                int byAt = at;
                if (!identifier().equals("by")) {
                    throw error(byAt, "expected 'by (key, ...)' or the end of the aggregation, found " + describeAt(byAt));
                }
                skipSpace();
                expect('(', "after 'by'");
                do {
                    skipSpace();
                    int keyAt = at;
                    String key = identifier();
                    if (key.equals("event") && peek('(')) {
                        at++;
                        skipSpace();
                        expect(')', "to close event(");
                        key = EVENT_KEY;
                    }
                    if (key.isEmpty()) {
                        throw error(keyAt, "expected a field name or event() as a key, found " + describeHere());
                    }
                    if (keys.contains(key)) {
                        throw error(keyAt, "key '" + key + "' is given twice");
                    }
                    keys.add(key);
                    if (keys.size() > MAX_KEYS) {
                        throw error(keyAt, "more than " + MAX_KEYS + " keys; an aggregation is keyed by at most " + MAX_KEYS);
                    }
                    skipSpace();
                } while (consume(','));
                expect(')', "to close the keys");
                skipSpace();
                if (at < text.length()) {
                    throw error(at, "expected the end of the aggregation after its keys, found " + describeHere());
                }
            }
            return new Aggregation(name, pattern, function, field, from, to, step, keys);
        }

        /** The pattern and its filter: up to white space, or up to the ']' that closes the filter (not one in a string). */
        private EventPattern pattern() {
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && text.charAt(at) != '[') {
                at++;
            }
            if (peek('[')) {
                char quote = 0;
                at++;
                for (; at < text.length(); at++) {
                    char c = text.charAt(at);
                    if (quote != 0) {
                        if (c == '\\') {
                            at++;
                        } else if (c == quote) {
                            quote = 0;
                        }
                    } else if (c == '"' || c == '\'') {
                        quote = c;
                    } else if (c == ']') {
                        break;
                    }
                }
                if (at >= text.length()) {
                    throw error(start, "the filter that '[' opens is not closed by a ']'");
                }
                at++;
            }
            String rule = text.substring(start, at);
            if (rule.startsWith("!")) {
                throw error(start, "an aggregation reads the events its pattern matches; it takes no '!'");
            }
            try {
                return EventPattern.pattern(rule);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("aggregation '" + shorten(text) + "': " + e.getMessage(), e);
            }
        }

        private long number(String what) {
            skipSpace();
            int start = at;
            if (peek('-')) {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            try {
                long value = Long.parseLong(text.substring(start, at));
                skipSpace();
                return value;
            } catch (NumberFormatException e) {
                throw error(start, "expected lhist's " + what + " as an integer, found " + describeAt(start));
            }
        }

        private String identifier() {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_'
                    || text.charAt(at) == '$')) {
                at++;
            }
            return text.substring(start, at);
        }

        private void expect(char c, String where) {
            skipSpace();
            if (!peek(c)) {
                throw error(at, "expected '" + c + "' " + where + ", found " + describeHere());
            }
            at++;
        }

        private boolean consume(char c) {
            skipSpace();
            if (peek(c)) {
                at++;
                return true;
            }
            return false;
        }

        private boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private String describeHere() {
            return describeAt(at);
        }

        private String describeAt(int position) {
            if (position >= text.length()) {
                return "the end";
            }
            int end = Math.min(text.length(), position + 12);
            return "'" + text.substring(position, end) + (end < text.length() ? "...'" : "'");
        }

        private IllegalArgumentException error(int position, String message) {
            return new IllegalArgumentException("aggregation '" + shorten(text) + "' at position " + position + ": " + message);
        }
    }
}
