package io.waymark.spi.filter;

import io.waymark.Stability;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.filter.CheckedFilter.Condition;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a filter against an event type and compiles it into {@link Condition}s: the type rules of
 * docs/filters.md, each violation an {@link IllegalArgumentException} naming the position, the field
 * and both types. Bounded by the filter's node count: no loop depends on anything else.
 */
final class FilterCompiler {

    private final Filter filter;
    private final EventType type;
    private final Set<String> mentioned = new LinkedHashSet<>();

    private FilterCompiler(Filter filter, EventType type) {
        this.filter = filter;
        this.type = type;
    }

    static CheckedFilter compile(Filter filter, EventType type) {
        FilterCompiler compiler = new FilterCompiler(filter, type);
        Condition condition = compiler.condition(filter.expr());
        List<String> warnings = new ArrayList<>();
        if (type.stability() == Stability.UNSTABLE && !compiler.mentioned.isEmpty()) {
            warnings.add("filter '" + Filter.shorten(filter.toString()) + "' reads fields " + compiler.mentioned + " of "
                    + type.qualifiedName() + ", an UNSTABLE event: its fields promise nothing and may change or vanish in "
                    + "any release of the application, which then makes this filter fail its check");
        }
        return new CheckedFilter(filter, type, condition, new ArrayList<>(compiler.mentioned), warnings);
    }

    // ---- conditions ----

    private Condition condition(Expr expr) {
        if (expr instanceof Or or) {
            Condition[] terms = conditions(or.terms());
            return new AnyOf(terms);
        }
        if (expr instanceof And and) {
            return new AllOf(conditions(and.terms()));
        }
        if (expr instanceof Not not) {
            return new NotC(condition(not.operand()));
        }
        if (expr instanceof Compare compare) {
            return compare(compare.left(), compare.op(), compare.right());
        }
        if (expr instanceof In in) {
            return in(in);
        }
        return test((Test) expr);
    }

    private Condition[] conditions(List<Expr> terms) {
        Condition[] result = new Condition[terms.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = condition(terms.get(i));
        }
        return result;
    }

    private Condition test(Test test) {
        Operand operand = test.operand();
        if (operand instanceof BooleanLiteral literal) {
            return new Constant(literal.value());
        }
        if (operand instanceof Name name) {
            int index = field(name);
            FieldDescriptor field = type.field(index);
            if (field.type() == FieldType.BOOLEAN) {
                return new BooleanIs(index, true);
            }
            throw error(name.position(), "field '" + name.name() + "' is " + typeName(field) + ", not a condition: compare it, "
                    + "as in '" + name.name() + " " + example(field) + "'");
        }
        throw error(operand.position(), describe(operand) + " is not a condition: compare it with a field");
    }

    private Condition in(In in) {
        if (isLiteral(in.operand())) {
            throw error(in.operand().position(), "'in' needs a field on its left, not " + describe(in.operand()));
        }
        Operand operand = in.operand();
        FieldDescriptor enumField = enumField(operand);
        if (enumField != null) {
            int index = field((Name) operand);
            boolean[] table = new boolean[enumField.enumLabels().size()];
            boolean[] whenNull = {false};
            for (Operand value : in.values()) {
                markEnum(enumField, value, Op.EQ, table, whenNull);
            }
            return new EnumIn(index, table, whenNull[0], false);
        }
        Condition[] any = new Condition[in.values().size()];
        for (int i = 0; i < any.length; i++) {
            Operand value = in.values().get(i);
            if (!isLiteral(value)) {
                throw error(value.position(), "the values in 'in (...)' are constants: " + describe(value) + " is not one");
            }
            any[i] = compare(operand, Op.EQ, value);
        }
        return new AnyOf(any);
    }

    // ---- comparisons ----

    private Condition compare(Operand left, Op op, Operand right) {
        if (isLiteral(left) && isLiteral(right)) {
            throw error(left.position(), "'" + Filter.shorten(text(left)) + " " + op.symbol() + " " + Filter.shorten(text(right))
                    + "' compares two constants: one side must be a field");
        }
        if (isLiteral(left) || (left instanceof Name name && type.fieldIndex(name.name()) < 0
                && enumField(right) != null)) {
            Operand swapped = left; // fields go left, so that what follows reads "field op value"
            left = right;
            right = swapped;
            op = op.flipped();
        }
        FieldDescriptor enumField = enumField(left);
        if (enumField != null) {
            return enumCompare((Name) left, enumField, op, right);
        }
        Kind leftKind = kind(left);
        switch (leftKind) {
            case INTEGRAL, FLOATING -> {
                return numeric(left, leftKind, op, right);
            }
            case STRING -> {
                return stringCompare((Name) left, op, right);
            }
            case BOOLEAN -> {
                return booleanCompare((Name) left, op, right);
            }
            case BYTES -> throw error(left.position(), "field '" + ((Name) left).name() + "' is byte[], which compares through "
                    + "its length: len(" + ((Name) left).name() + ")");
            default -> throw new AssertionError(leftKind);
        }
    }

    private Condition numeric(Operand left, Kind leftKind, Op op, Operand right) {
        if (right instanceof IntLiteral literal) {
            return leftKind == Kind.INTEGRAL ? new LongConst(longValue(left), op, literal.value())
                    : new DoubleConst(doubleValue(left), op, literal.value());
        }
        if (right instanceof DecimalLiteral literal) {
            return new DoubleConst(doubleValue(left), op, literal.value());
        }
        if (right instanceof StringLiteral literal && left instanceof Name name && fieldType(name) == FieldType.CHAR
                && !literal.isGlob() && literal.text().length() == 1) {
            return new LongConst(longValue(left), op, literal.text().charAt(0));
        }
        if (isLiteral(right)) {
            throw mismatch(left, op, right);
        }
        Kind rightKind = kind(right);
        if (rightKind == Kind.INTEGRAL && leftKind == Kind.INTEGRAL) {
            return new LongLong(longValue(left), op, longValue(right));
        }
        if (rightKind == Kind.INTEGRAL || rightKind == Kind.FLOATING) {
            return new DoubleDouble(doubleValue(left), op, doubleValue(right));
        }
        throw mismatch(left, op, right);
    }

    private Condition stringCompare(Name left, Op op, Operand right) {
        int index = field(left);
        if (right instanceof NullLiteral) {
            throw error(right.position(), "field '" + left.name() + "' is String, which is never null: the event ABI records a "
                    + "null String as empty, so test " + left.name() + " == \"\"");
        }
        if (!(right instanceof StringLiteral) && !(right instanceof Name && kind(right) == Kind.STRING)) {
            throw mismatch(left, op, right);
        }
        if (!op.isEquality()) {
            throw error(left.position(), "strings compare with == and != (a '*' in the string is a glob), not with '"
                    + op.symbol() + "'");
        }
        if (right instanceof StringLiteral literal) {
            return new StringMatches(index, new StarGlob(literal.segments()), op == Op.NE);
        }
        return new StringEquals(index, field((Name) right), op == Op.NE);
    }

    private Condition booleanCompare(Name left, Op op, Operand right) {
        int index = field(left);
        if (!(right instanceof BooleanLiteral) && !(right instanceof Name && kind(right) == Kind.BOOLEAN)) {
            throw mismatch(left, op, right);
        }
        if (!op.isEquality()) {
            throw error(left.position(), "booleans compare with == and !=, not with '" + op.symbol() + "'");
        }
        if (right instanceof BooleanLiteral literal) {
            return new BooleanIs(index, literal.value() ^ (op == Op.NE));
        }
        return new BooleanEquals(index, field((Name) right), op == Op.NE);
    }

    private Condition enumCompare(Name left, FieldDescriptor field, Op op, Operand right) {
        int index = field(left);
        if (!op.isEquality()) {
            throw error(left.position(), "enum field '" + left.name() + "' compares with == and != (or 'in'), not with '"
                    + op.symbol() + "': constants have no order a filter may rely on");
        }
        boolean[] table = new boolean[field.enumLabels().size()];
        boolean[] whenNull = {false};
        markEnum(field, right, op, table, whenNull);
        return new EnumIn(index, table, whenNull[0], op == Op.NE);
    }

    /** Marks in {@code table} the ordinals that {@code value} (a label, a glob over labels, or null) stands for. */
    private void markEnum(FieldDescriptor field, Operand value, Op op, boolean[] table, boolean[] whenNull) {
        List<String> labels = field.enumLabels();
        if (value instanceof NullLiteral) {
            whenNull[0] = true;
        } else if (value instanceof Name name) {
            int ordinal = labels.indexOf(name.name());
            if (ordinal < 0) {
                if (type.fieldIndex(name.name()) >= 0) {
                    throw error(name.position(), "enum field '" + field.name() + "' compares with its constants, not with field '"
                            + name.name() + "'");
                }
                throw error(name.position(), "'" + name.name() + "' is not a constant of enum " + field.enumType() + " (field '"
                        + field.name() + "'); its constants: " + String.join(", ", labels));
            }
            table[ordinal] = true;
        } else if (value instanceof StringLiteral literal) {
            StarGlob glob = new StarGlob(literal.segments());
            for (int i = 0; i < labels.size(); i++) {
                if (glob.matches(labels.get(i))) {
                    table[i] = true;
                }
            }
        } else {
            throw error(value.position(), "enum field '" + field.name() + "' (enum " + field.enumType() + ") " + op.symbol()
                    + " " + describe(value) + ": compare it with one of its constants (" + String.join(", ", labels)
                    + "), a string glob over their names, or null");
        }
    }

    // ---- operands ----

    private enum Kind { INTEGRAL, FLOATING, STRING, BOOLEAN, ENUM, BYTES }

    private Kind kind(Operand operand) {
        if (operand instanceof Length length) {
            FieldType t = fieldType(length.field());
            if (t != FieldType.BYTES && t != FieldType.STRING) {
                throw error(length.position(), "len() takes a byte[] or String field; '" + length.field().name() + "' is "
                        + typeName(type.field(field(length.field()))));
            }
            return Kind.INTEGRAL;
        }
        return switch (fieldType((Name) operand)) {
            case BYTE, SHORT, CHAR, INT, LONG -> Kind.INTEGRAL;
            case FLOAT, DOUBLE -> Kind.FLOATING;
            case STRING -> Kind.STRING;
            case BOOLEAN -> Kind.BOOLEAN;
            case ENUM -> Kind.ENUM;
            case BYTES -> Kind.BYTES;
        };
    }

    private FieldDescriptor enumField(Operand operand) {
        if (operand instanceof Name name) {
            int index = type.fieldIndex(name.name());
            if (index >= 0 && type.field(index).type() == FieldType.ENUM) {
                return type.field(index);
            }
        }
        return null;
    }

    private LongValue longValue(Operand operand) {
        if (operand instanceof Length length) {
            int index = field(length.field());
            return type.field(index).type() == FieldType.BYTES ? new BytesLength(index) : new StringLength(index);
        }
        int index = field((Name) operand);
        return switch (type.field(index).type()) {
            case BYTE -> new ByteField(index);
            case SHORT -> new ShortField(index);
            case CHAR -> new CharField(index);
            case INT -> new IntField(index);
            case LONG -> new LongField(index);
            default -> throw new AssertionError(type.field(index).type());
        };
    }

    private DoubleValue doubleValue(Operand operand) {
        if (operand instanceof Name name) {
            int index = field(name);
            if (type.field(index).type() == FieldType.FLOAT) {
                return new FloatField(index);
            }
            if (type.field(index).type() == FieldType.DOUBLE) {
                return new DoubleField(index);
            }
        }
        return new Widened(longValue(operand));
    }

    private FieldType fieldType(Name name) {
        return type.field(field(name)).type();
    }

    /** The index of a named field; an unknown name is an error listing the event's fields. */
    private int field(Name name) {
        int index = type.fieldIndex(name.name());
        if (index < 0) {
            throw error(name.position(), "event " + type.qualifiedName() + " has no field '" + name.name() + "'; its fields: "
                    + fieldList());
        }
        mentioned.add(name.name());
        return index;
    }

    private String fieldList() {
        if (type.fields().isEmpty()) {
            return "none";
        }
        List<String> described = new ArrayList<>();
        for (FieldDescriptor field : type.fields()) {
            described.add(field.name() + " (" + typeName(field) + ")");
        }
        return String.join(", ", described);
    }

    private static boolean isLiteral(Operand operand) {
        return !(operand instanceof Name) && !(operand instanceof Length);
    }

    private static String typeName(FieldDescriptor field) {
        return switch (field.type()) {
            case STRING -> "String";
            case BYTES -> "byte[]";
            case ENUM -> "enum " + field.enumType();
            default -> field.type().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String example(FieldDescriptor field) {
        return switch (field.type()) {
            case STRING -> "== \"a*\"";
            case ENUM -> field.enumLabels().isEmpty() ? "!= null" : "== " + field.enumLabels().get(0);
            case BYTES -> "";
            default -> "> 3";
        };
    }

    private String describe(Operand operand) {
        if (operand instanceof IntLiteral) {
            return "the integer " + text(operand);
        }
        if (operand instanceof DecimalLiteral) {
            return "the number " + text(operand);
        }
        if (operand instanceof StringLiteral) {
            return "the string " + Filter.shorten(text(operand));
        }
        if (operand instanceof BooleanLiteral) {
            return "the boolean " + text(operand);
        }
        if (operand instanceof NullLiteral) {
            return "null";
        }
        if (operand instanceof Length) {
            return text(operand) + " (long)";
        }
        Name name = (Name) operand;
        int index = type.fieldIndex(name.name());
        return index < 0 ? "'" + name.name() + "'" : "field '" + name.name() + "' (" + typeName(type.field(index)) + ")";
    }

    private static String text(Operand operand) {
        return Filter.print(operand, new StringBuilder()).toString();
    }

    private IllegalArgumentException mismatch(Operand left, Op op, Operand right) {
        return error(left.position(), "type mismatch: " + describe(left) + " " + op.symbol() + " " + describe(right));
    }

    private IllegalArgumentException error(int position, String message) {
        return new IllegalArgumentException("filter '" + Filter.shorten(filter.toString()) + "' on event " + type.qualifiedName()
                + ", at position " + position + ": " + message);
    }

    // ---- compiled conditions and values: small final classes, so that the JIT inlines them ----

    abstract static class LongValue {
        abstract long get(Event event);
    }

    abstract static class DoubleValue {
        abstract double get(Event event);
    }

    static final class ByteField extends LongValue {
        private final int index;
        ByteField(int index) { this.index = index; }
        @Override long get(Event event) { return event.getByte(index); }
    }

    static final class ShortField extends LongValue {
        private final int index;
        ShortField(int index) { this.index = index; }
        @Override long get(Event event) { return event.getShort(index); }
    }

    static final class CharField extends LongValue {
        private final int index;
        CharField(int index) { this.index = index; }
        @Override long get(Event event) { return event.getChar(index); }
    }

    static final class IntField extends LongValue {
        private final int index;
        IntField(int index) { this.index = index; }
        @Override long get(Event event) { return event.getInt(index); }
    }

    static final class LongField extends LongValue {
        private final int index;
        LongField(int index) { this.index = index; }
        @Override long get(Event event) { return event.getLong(index); }
    }

    static final class StringLength extends LongValue {
        private final int index;
        StringLength(int index) { this.index = index; }
        @Override long get(Event event) { return event.getString(index).length(); }
    }

    static final class BytesLength extends LongValue {
        private final int index;
        BytesLength(int index) { this.index = index; }
        @Override long get(Event event) { return event.getBytesLength(index); }
    }

    static final class FloatField extends DoubleValue {
        private final int index;
        FloatField(int index) { this.index = index; }
        @Override double get(Event event) { return event.getFloat(index); }
    }

    static final class DoubleField extends DoubleValue {
        private final int index;
        DoubleField(int index) { this.index = index; }
        @Override double get(Event event) { return event.getDouble(index); }
    }

    static final class Widened extends DoubleValue {
        private final LongValue value;
        Widened(LongValue value) { this.value = value; }
        @Override double get(Event event) { return value.get(event); }
    }

    static final class Constant extends Condition {
        private final boolean value;
        Constant(boolean value) { this.value = value; }
        @Override boolean test(Event event) { return value; }
    }

    static final class AllOf extends Condition {
        private final Condition[] terms;
        AllOf(Condition[] terms) { this.terms = terms; }
        @Override boolean test(Event event) {
            for (Condition term : terms) {
                if (!term.test(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class AnyOf extends Condition {
        private final Condition[] terms;
        AnyOf(Condition[] terms) { this.terms = terms; }
        @Override boolean test(Event event) {
            for (Condition term : terms) {
                if (term.test(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class NotC extends Condition {
        private final Condition operand;
        NotC(Condition operand) { this.operand = operand; }
        @Override boolean test(Event event) { return !operand.test(event); }
    }

    static final class LongConst extends Condition {
        private final LongValue value;
        private final Op op;
        private final long constant;
        LongConst(LongValue value, Op op, long constant) { this.value = value; this.op = op; this.constant = constant; }
        @Override boolean test(Event event) { return op.holds(Long.compare(value.get(event), constant)); }
    }

    static final class LongLong extends Condition {
        private final LongValue left;
        private final Op op;
        private final LongValue right;
        LongLong(LongValue left, Op op, LongValue right) { this.left = left; this.op = op; this.right = right; }
        @Override boolean test(Event event) { return op.holds(Long.compare(left.get(event), right.get(event))); }
    }

    /** Java's comparison of doubles: every comparison with NaN is false but {@code !=}. */
    static boolean holds(double a, Op op, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    static final class DoubleConst extends Condition {
        private final DoubleValue value;
        private final Op op;
        private final double constant;
        DoubleConst(DoubleValue value, Op op, double constant) { this.value = value; this.op = op; this.constant = constant; }
        @Override boolean test(Event event) { return holds(value.get(event), op, constant); }
    }

    static final class DoubleDouble extends Condition {
        private final DoubleValue left;
        private final Op op;
        private final DoubleValue right;
        DoubleDouble(DoubleValue left, Op op, DoubleValue right) { this.left = left; this.op = op; this.right = right; }
        @Override boolean test(Event event) { return holds(left.get(event), op, right.get(event)); }
    }

    static final class StringMatches extends Condition {
        private final int index;
        private final StarGlob glob;
        private final boolean negate;
        StringMatches(int index, StarGlob glob, boolean negate) { this.index = index; this.glob = glob; this.negate = negate; }
        @Override boolean test(Event event) { return glob.matches(event.getString(index)) != negate; }
    }

    static final class StringEquals extends Condition {
        private final int left;
        private final int right;
        private final boolean negate;
        StringEquals(int left, int right, boolean negate) { this.left = left; this.right = right; this.negate = negate; }
        @Override boolean test(Event event) { return event.getString(left).equals(event.getString(right)) != negate; }
    }

    static final class BooleanIs extends Condition {
        private final int index;
        private final boolean expected;
        BooleanIs(int index, boolean expected) { this.index = index; this.expected = expected; }
        @Override boolean test(Event event) { return event.getBoolean(index) == expected; }
    }

    static final class BooleanEquals extends Condition {
        private final int left;
        private final int right;
        private final boolean negate;
        BooleanEquals(int left, int right, boolean negate) { this.left = left; this.right = right; this.negate = negate; }
        @Override boolean test(Event event) { return (event.getBoolean(left) == event.getBoolean(right)) != negate; }
    }

    /**
     * An enum field against a set of constants, as a table by ordinal: labels, globs over labels and
     * {@code null} all compile to it. An ordinal the loaded enum does not have matches nothing.
     */
    static final class EnumIn extends Condition {
        private final int index;
        private final boolean[] byOrdinal;
        private final boolean whenNull;
        private final boolean negate;
        EnumIn(int index, boolean[] byOrdinal, boolean whenNull, boolean negate) {
            this.index = index;
            this.byOrdinal = byOrdinal;
            this.whenNull = whenNull;
            this.negate = negate;
        }
        @Override boolean test(Event event) {
            int ordinal = event.getEnumOrdinal(index);
            boolean in = ordinal < 0 ? whenNull : ordinal < byOrdinal.length && byOrdinal[ordinal];
            return in != negate;
        }
    }
}
