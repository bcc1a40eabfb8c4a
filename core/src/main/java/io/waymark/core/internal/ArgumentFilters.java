package io.waymark.core.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.filter.CheckedFilter;
import io.waymark.spi.filter.Expr;
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
import io.waymark.spi.filter.StarGlob;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link CheckedFilter} to a method handle over a tracepoint's own arguments, so that a
 * filter runs before anything is encoded (docs/filters.md, "Evaluated before encoding"). The handle is
 * a tree of {@link MethodHandles} combinators: {@code guardWithTest} for {@code && || !}, argument
 * selection by {@code permuteArguments}, comparisons as the small static methods below with their
 * constants bound by {@code insertArguments}; held as a constant (a static final field, a call
 * site's target), it is inlined and folded by the JIT like hand-written code.
 *
 * <p>The handle answers exactly what {@link CheckedFilter#test} answers on the event those arguments
 * encode to: a {@code null} String or byte array reads as empty, an unpaired surrogate in a String
 * as {@code '?'} (what the encoder writes), a {@code null} enum as the filter's {@code null};
 * numbers compare after the same promotion (two integral values as {@code long}s, else as
 * {@code double}s), enum constants by the ordinals their labels have in the event type. It never
 * throws and, but for a String with an unpaired surrogate matched against a pattern with a
 * {@code '?'} or a surrogate, never allocates.
 */
public final class ArgumentFilters {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle[] LONGS = new MethodHandle[Op.values().length];
    private static final MethodHandle[] DOUBLES = new MethodHandle[Op.values().length];
    private static final MethodHandle NOT;
    private static final MethodHandle STRING_LENGTH;
    private static final MethodHandle BYTES_LENGTH;
    private static final MethodHandle STRING_IS;
    private static final MethodHandle STRING_IS_ENCODED;
    private static final MethodHandle STRING_STARTS_ENDS;
    private static final MethodHandle STRING_GLOB;
    private static final MethodHandle STRING_GLOB_ENCODED;
    private static final MethodHandle STRINGS_EQUAL;
    private static final MethodHandle BOOLEANS_EQUAL;
    private static final MethodHandle ENUM_IS;
    private static final MethodHandle ENUM_IS_NULL;
    private static final MethodHandle ENUM_IN_MASK;
    private static final MethodHandle ENUM_IN_TABLE;

    static {
        try {
            for (Op op : Op.values()) {
                String name = op.name().toLowerCase(java.util.Locale.ROOT);
                LONGS[op.ordinal()] = LOOKUP.findStatic(ArgumentFilters.class, name,
                        MethodType.methodType(boolean.class, long.class, long.class));
                DOUBLES[op.ordinal()] = LOOKUP.findStatic(ArgumentFilters.class, name,
                        MethodType.methodType(boolean.class, double.class, double.class));
            }
            NOT = find("not", boolean.class, boolean.class);
            STRING_LENGTH = find("stringLength", long.class, String.class);
            BYTES_LENGTH = find("bytesLength", long.class, byte[].class);
            STRING_IS = find("stringIs", boolean.class, String.class, String.class);
            STRING_IS_ENCODED = find("stringIsEncoded", boolean.class, String.class, String.class);
            STRING_STARTS_ENDS = find("stringStartsEnds", boolean.class, String.class, String.class, String.class);
            STRING_GLOB = find("stringGlob", boolean.class, StarGlob.class, String.class);
            STRING_GLOB_ENCODED = find("stringGlobEncoded", boolean.class, StarGlob.class, String.class);
            STRINGS_EQUAL = find("stringsEqual", boolean.class, String.class, String.class);
            BOOLEANS_EQUAL = find("booleansEqual", boolean.class, boolean.class, boolean.class);
            ENUM_IS = find("enumIs", boolean.class, int.class, Enum.class);
            ENUM_IS_NULL = find("enumIsNull", boolean.class, Enum.class);
            ENUM_IN_MASK = find("enumInMask", boolean.class, long.class, boolean.class, Enum.class);
            ENUM_IN_TABLE = find("enumInTable", boolean.class, boolean[].class, boolean.class, Enum.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static MethodHandle find(String name, Class<?> returned, Class<?>... parameters) throws ReflectiveOperationException {
        return LOOKUP.findStatic(ArgumentFilters.class, name, MethodType.methodType(returned, parameters));
    }

    private ArgumentFilters() {
    }

    /**
     * A {@code (P1..Pn)boolean} handle over the arguments of a tracepoint of {@code type} that answers
     * {@code filter.test(event)} for the event they encode to; {@code null} when the filter was checked
     * against other fields, {@code arguments} does not declare one parameter per field of its Java type
     * (primitives as declared, {@code String}, {@code byte[]}, an enum class), or some construct cannot be
     * compiled: the caller then keeps evaluating on the encoded event.
     *
     * @param arguments {@code (P1..Pn)void} (any return type), one parameter per field in field order
     */
    public static MethodHandle compile(CheckedFilter filter, EventType type, MethodType arguments) {
        if (filter == null || type == null || arguments == null || !filter.type().fields().equals(type.fields())
                || arguments.parameterCount() != type.fieldCount()) {
            return null;
        }
        for (int i = 0; i < type.fieldCount(); i++) {
            if (!type.field(i).type().isCarriedBy(arguments.parameterType(i))) {
                return null;
            }
        }
        try {
            MethodType full = arguments.changeReturnType(boolean.class);
            return new Compiler(type, full).condition(filter.filter().expr());
        } catch (RuntimeException e) {
            // what FilterCompiler accepted but this compiler does not know (Unsupported; nothing known today):
            // the caller keeps the evaluation on the encoded event, which is always right
            return null;
        }
    }

    /** A construct the filter checker accepts that this compiler does not (none known): compile() answers null. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * One compilation: the same resolution as {@code FilterCompiler} (fields left, operand kinds, numeric
     * promotion), producing handles of type {@code full} instead of conditions over events.
     */
    private static final class Compiler {

        private final EventType type;
        private final MethodType full;

        Compiler(EventType type, MethodType full) {
            this.type = type;
            this.full = full;
        }

        MethodHandle condition(Expr expr) {
            if (expr instanceof Or or) {
                return any(conditions(or.terms()));
            }
            if (expr instanceof And and) {
                return all(conditions(and.terms()));
            }
            if (expr instanceof Not not) {
                return MethodHandles.filterReturnValue(condition(not.operand()), NOT);
            }
            if (expr instanceof Compare compare) {
                return compare(compare.left(), compare.op(), compare.right());
            }
            if (expr instanceof In in) {
                return in(in);
            }
            if (expr instanceof Test test) {
                return test(test);
            }
            throw new Unsupported("expression " + expr);
        }

        private List<MethodHandle> conditions(List<Expr> terms) {
            List<MethodHandle> result = new ArrayList<>(terms.size());
            for (Expr term : terms) {
                result.add(condition(term));
            }
            return result;
        }

        /** {@code a && b && ...}, left to right, short-circuit; a balanced tree, so that a long chain stays shallow. */
        private MethodHandle all(List<MethodHandle> terms) {
            if (terms.isEmpty()) {
                return constant(true);
            }
            if (terms.size() == 1) {
                return terms.get(0);
            }
            int middle = terms.size() / 2;
            return MethodHandles.guardWithTest(all(terms.subList(0, middle)), all(terms.subList(middle, terms.size())),
                    constant(false));
        }

        /** {@code a || b || ...}, left to right, short-circuit. */
        private MethodHandle any(List<MethodHandle> terms) {
            if (terms.isEmpty()) {
                return constant(false);
            }
            if (terms.size() == 1) {
                return terms.get(0);
            }
            int middle = terms.size() / 2;
            return MethodHandles.guardWithTest(any(terms.subList(0, middle)), constant(true),
                    any(terms.subList(middle, terms.size())));
        }

        private MethodHandle constant(boolean value) {
            return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, value), 0, full.parameterList());
        }

        private MethodHandle test(Test test) {
            Operand operand = test.operand();
            if (operand instanceof BooleanLiteral literal) {
                return constant(literal.value());
            }
            if (operand instanceof Name name && fieldType(name) == FieldType.BOOLEAN) {
                return booleanIs(field(name), true);
            }
            throw new Unsupported("condition " + operand);
        }

        private MethodHandle in(In in) {
            Operand operand = in.operand();
            FieldDescriptor enumField = enumField(operand);
            if (enumField != null) {
                boolean[] table = new boolean[enumField.enumLabels().size()];
                boolean[] whenNull = {false};
                for (Operand value : in.values()) {
                    markEnum(enumField, value, table, whenNull);
                }
                return enumIn(field((Name) operand), table, whenNull[0], false);
            }
            List<MethodHandle> any = new ArrayList<>(in.values().size());
            for (Operand value : in.values()) {
                if (!isLiteral(value)) {
                    throw new Unsupported("value " + value);
                }
                any.add(compare(operand, Op.EQ, value));
            }
            return any(any);
        }

        // ---- comparisons: FilterCompiler's resolution, step by step ----

        private MethodHandle compare(Operand left, Op op, Operand right) {
            if (isLiteral(left) && isLiteral(right)) {
                throw new Unsupported("two constants");
            }
            if (isLiteral(left) || (left instanceof Name name && type.fieldIndex(name.name()) < 0 && enumField(right) != null)) {
                Operand swapped = left;
                left = right;
                right = swapped;
                op = op.flipped();
            }
            FieldDescriptor enumField = enumField(left);
            if (enumField != null) {
                if (!op.isEquality()) {
                    throw new Unsupported("enum order");
                }
                boolean[] table = new boolean[enumField.enumLabels().size()];
                boolean[] whenNull = {false};
                markEnum(enumField, right, table, whenNull);
                return enumIn(field((Name) left), table, whenNull[0], op == Op.NE);
            }
            Kind leftKind = kind(left);
            return switch (leftKind) {
                case INTEGRAL, FLOATING -> numeric(left, leftKind, op, right);
                case STRING -> stringCompare((Name) left, op, right);
                case BOOLEAN -> booleanCompare((Name) left, op, right);
                default -> throw new Unsupported("operand " + left);
            };
        }

        private MethodHandle numeric(Operand left, Kind leftKind, Op op, Operand right) {
            if (right instanceof IntLiteral literal) {
                return leftKind == Kind.INTEGRAL ? constantCompare(longValue(left), LONGS[op.ordinal()], literal.value())
                        : constantCompare(doubleValue(left), DOUBLES[op.ordinal()], (double) literal.value());
            }
            if (right instanceof DecimalLiteral literal) {
                return constantCompare(doubleValue(left), DOUBLES[op.ordinal()], literal.value());
            }
            if (right instanceof StringLiteral literal && left instanceof Name name && fieldType(name) == FieldType.CHAR
                    && !literal.isGlob() && literal.text().length() == 1) {
                return constantCompare(longValue(left), LONGS[op.ordinal()], (long) literal.text().charAt(0));
            }
            if (isLiteral(right)) {
                throw new Unsupported("literal " + right);
            }
            Kind rightKind = kind(right);
            if (rightKind == Kind.INTEGRAL && leftKind == Kind.INTEGRAL) {
                return leaf(LONGS[op.ordinal()], longValue(left), longValue(right));
            }
            if (rightKind == Kind.INTEGRAL || rightKind == Kind.FLOATING) {
                return leaf(DOUBLES[op.ordinal()], doubleValue(left), doubleValue(right));
            }
            throw new Unsupported("operand " + right);
        }

        /** {@code value op constant}: the comparison with its constant bound second. */
        private MethodHandle constantCompare(Value value, MethodHandle comparison, Object constant) {
            return leaf(MethodHandles.insertArguments(comparison, 1, constant), value);
        }

        private MethodHandle stringCompare(Name left, Op op, Operand right) {
            int index = field(left);
            if (!op.isEquality()) {
                throw new Unsupported("string order");
            }
            MethodHandle test;
            if (right instanceof StringLiteral literal) {
                test = stringMatches(literal.segments());
            } else if (right instanceof Name name && kind(name) == Kind.STRING) {
                test = leaf(STRINGS_EQUAL, new Value(index, null), new Value(field(name), null));
                return op == Op.NE ? MethodHandles.filterReturnValue(test, NOT) : test;
            } else {
                throw new Unsupported("string against " + right);
            }
            MethodHandle selected = leaf(test, new Value(index, null));
            return op == Op.NE ? MethodHandles.filterReturnValue(selected, NOT) : selected;
        }

        /**
         * {@code (String)boolean}: whether the String, as encoded, matches the pattern. A pattern with
         * neither {@code '?'} nor a surrogate matches a String exactly when it matches its encoding (an
         * unpaired surrogate, which the encoder writes as {@code '?'}, can then only fall under a star, as
         * its {@code '?'} would); other patterns see the String with {@code '?'} for each unpaired surrogate.
         */
        private static MethodHandle stringMatches(List<String> segments) {
            boolean encode = false;
            for (String segment : segments) {
                for (int i = 0; i < segment.length(); i++) {
                    char c = segment.charAt(i);
                    encode |= c == '?' || Character.isSurrogate(c);
                }
            }
            if (segments.size() == 1) {
                return MethodHandles.insertArguments(encode ? STRING_IS_ENCODED : STRING_IS, 0, segments.get(0));
            }
            if (segments.size() == 2 && !encode) {
                return MethodHandles.insertArguments(STRING_STARTS_ENDS, 0, segments.get(0), segments.get(1));
            }
            return MethodHandles.insertArguments(encode ? STRING_GLOB_ENCODED : STRING_GLOB, 0, new StarGlob(segments));
        }

        private MethodHandle booleanCompare(Name left, Op op, Operand right) {
            int index = field(left);
            if (!op.isEquality()) {
                throw new Unsupported("boolean order");
            }
            if (right instanceof BooleanLiteral literal) {
                return booleanIs(index, literal.value() ^ (op == Op.NE));
            }
            if (right instanceof Name name && kind(name) == Kind.BOOLEAN) {
                MethodHandle equal = leaf(BOOLEANS_EQUAL, new Value(index, null), new Value(field(name), null));
                return op == Op.NE ? MethodHandles.filterReturnValue(equal, NOT) : equal;
            }
            throw new Unsupported("boolean against " + right);
        }

        private MethodHandle booleanIs(int index, boolean expected) {
            return leaf(expected ? MethodHandles.identity(boolean.class) : NOT, new Value(index, null));
        }

        /** Marks in {@code table} the ordinals that {@code value} (a label, a glob over labels, or null) stands for. */
        private static void markEnum(FieldDescriptor field, Operand value, boolean[] table, boolean[] whenNull) {
            List<String> labels = field.enumLabels();
            if (value instanceof NullLiteral) {
                whenNull[0] = true;
            } else if (value instanceof Name name) {
                int ordinal = labels.indexOf(name.name());
                if (ordinal < 0) {
                    throw new Unsupported("label " + name.name());
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
                throw new Unsupported("enum against " + value);
            }
        }

        /**
         * An enum argument against a set of ordinals: one constant is an ordinal compare, up to 64 a bit
         * mask, more a table. An ordinal the event type has no label for matches nothing, as in
         * {@code FilterCompiler.EnumIn}.
         */
        private MethodHandle enumIn(int index, boolean[] table, boolean whenNull, boolean negate) {
            int count = 0;
            int single = -1;
            long mask = 0;
            for (int i = 0; i < table.length; i++) {
                if (table[i]) {
                    count++;
                    single = i;
                    mask |= i < 64 ? 1L << i : 0;
                }
            }
            MethodHandle test;
            if (count == 0) {
                test = whenNull ? ENUM_IS_NULL : MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0,
                        Enum.class);
            } else if (count == 1 && !whenNull) {
                test = MethodHandles.insertArguments(ENUM_IS, 0, single);
            } else if (table.length <= 64) {
                test = MethodHandles.insertArguments(ENUM_IN_MASK, 0, mask, whenNull);
            } else {
                test = MethodHandles.insertArguments(ENUM_IN_TABLE, 0, table.clone(), whenNull);
            }
            MethodHandle selected = leaf(test, new Value(index, null));
            return negate ? MethodHandles.filterReturnValue(selected, NOT) : selected;
        }

        // ---- operands ----

        private enum Kind { INTEGRAL, FLOATING, STRING, BOOLEAN, ENUM, BYTES }

        private Kind kind(Operand operand) {
            if (operand instanceof Length length) {
                FieldType t = fieldType(length.field());
                if (t != FieldType.BYTES && t != FieldType.STRING) {
                    throw new Unsupported("len of " + t);
                }
                return Kind.INTEGRAL;
            }
            if (!(operand instanceof Name name)) {
                throw new Unsupported("operand " + operand);
            }
            return switch (fieldType(name)) {
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

        /** An integral operand as a {@code long}: the argument itself (widened by the leaf), or its length. */
        private Value longValue(Operand operand) {
            if (operand instanceof Length length) {
                int index = field(length.field());
                return new Value(index, type.field(index).type() == FieldType.BYTES ? BYTES_LENGTH : STRING_LENGTH);
            }
            int index = field((Name) operand);
            return switch (type.field(index).type()) {
                case BYTE, SHORT, CHAR, INT, LONG -> new Value(index, null);
                default -> throw new Unsupported("not integral: " + operand);
            };
        }

        /** A numeric operand as a {@code double}: a float or double argument, else the integral value widened. */
        private Value doubleValue(Operand operand) {
            if (operand instanceof Name name) {
                FieldType t = fieldType(name);
                if (t == FieldType.FLOAT || t == FieldType.DOUBLE) {
                    return new Value(field(name), null);
                }
            }
            Value integral = longValue(operand);
            return integral.extract == null ? integral
                    : new Value(integral.index, integral.extract.asType(integral.extract.type().changeReturnType(double.class)));
        }

        private FieldType fieldType(Name name) {
            return type.field(field(name)).type();
        }

        private int field(Name name) {
            int index = type.fieldIndex(name.name());
            if (index < 0) {
                throw new Unsupported("field " + name.name());
            }
            return index;
        }

        private static boolean isLiteral(Operand operand) {
            return !(operand instanceof Name) && !(operand instanceof Length);
        }

        /**
         * A test over one or two values, selected from the arguments: each value's extractor (a length)
         * applied, each argument converted from its declared type as Java widens it (int to long, long or
         * float to double, an enum class to {@code Enum}), the rest of the arguments dropped.
         */
        private MethodHandle leaf(MethodHandle test, Value... values) {
            MethodHandle h = test;
            Class<?>[] declared = new Class<?>[values.length];
            int[] reorder = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i].extract != null) {
                    h = MethodHandles.filterArguments(h, i, values[i].extract);
                }
                declared[i] = full.parameterType(values[i].index);
                reorder[i] = values[i].index;
            }
            h = h.asType(MethodType.methodType(boolean.class, declared));
            return MethodHandles.permuteArguments(h, full, reorder);
        }
    }

    /** An operand read from the argument at {@code index}, through {@code extract} when not null. */
    private record Value(int index, MethodHandle extract) {}

    // ---- the leaves: small static methods, constants first, so that insertArguments binds them ----

    private static boolean eq(long a, long b) {
        return a == b;
    }

    private static boolean ne(long a, long b) {
        return a != b;
    }

    private static boolean lt(long a, long b) {
        return a < b;
    }

    private static boolean le(long a, long b) {
        return a <= b;
    }

    private static boolean gt(long a, long b) {
        return a > b;
    }

    private static boolean ge(long a, long b) {
        return a >= b;
    }

    // Java's comparison of doubles: every comparison with NaN is false but !=, as FilterCompiler.holds.

    private static boolean eq(double a, double b) {
        return a == b;
    }

    private static boolean ne(double a, double b) {
        return a != b;
    }

    private static boolean lt(double a, double b) {
        return a < b;
    }

    private static boolean le(double a, double b) {
        return a <= b;
    }

    private static boolean gt(double a, double b) {
        return a > b;
    }

    private static boolean ge(double a, double b) {
        return a >= b;
    }

    private static boolean not(boolean value) {
        return !value;
    }

    /** The length of a String field as the encoded event gives it: 0 for null (encoding keeps the char count). */
    private static long stringLength(String s) {
        return s == null ? 0 : s.length();
    }

    private static long bytesLength(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static boolean stringIs(String constant, String s) {
        return constant.equals(s == null ? "" : s);
    }

    private static boolean stringIsEncoded(String constant, String s) {
        return constant.equals(encoded(s));
    }

    /** A two-segment glob ({@code "a*"}, {@code "*b"}, {@code "a*b"}): what StarGlob answers, without its loop. */
    private static boolean stringStartsEnds(String first, String last, String s) {
        String t = s == null ? "" : s;
        return t.length() >= first.length() + last.length() && t.startsWith(first) && t.endsWith(last);
    }

    private static boolean stringGlob(StarGlob glob, String s) {
        return glob.matches(s == null ? "" : s);
    }

    private static boolean stringGlobEncoded(StarGlob glob, String s) {
        return glob.matches(encoded(s));
    }

    /** Whether two String arguments encode to the same text, without allocating. */
    private static boolean stringsEqual(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        if (x.equals(y)) {
            return true;
        }
        int length = x.length();
        if (length != y.length()) {
            return false; // the encoding keeps the number of chars
        }
        for (int i = 0; i < length; i++) {
            if (encodedAt(x, i) != encodedAt(y, i)) {
                return false;
            }
        }
        return true;
    }

    /** The char at {@code i} of the String the encoder writes for {@code s}: {@code '?'} for an unpaired surrogate. */
    private static char encodedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? c : '?';
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(s.charAt(i - 1)) ? c : '?';
        }
        return c;
    }

    /**
     * The String the encoded event gives back for {@code s}: {@code ""} for null, {@code '?'} for each
     * unpaired surrogate (as {@code EventWriter.putString} writes it). Allocates only when there is one.
     */
    private static String encoded(String s) {
        if (s == null) {
            return "";
        }
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) && encodedAt(s, i) == '?') {
                char[] chars = s.toCharArray();
                for (int j = i; j < length; j++) {
                    chars[j] = encodedAt(s, j);
                }
                return new String(chars);
            }
        }
        return s;
    }

    private static boolean booleansEqual(boolean a, boolean b) {
        return a == b;
    }

    private static boolean enumIs(int ordinal, Enum<?> e) {
        return e != null && e.ordinal() == ordinal;
    }

    private static boolean enumIsNull(Enum<?> e) {
        return e == null;
    }

    private static boolean enumInMask(long mask, boolean whenNull, Enum<?> e) {
        if (e == null) {
            return whenNull;
        }
        int ordinal = e.ordinal();
        return ordinal < 64 && (mask & (1L << ordinal)) != 0;
    }

    private static boolean enumInTable(boolean[] table, boolean whenNull, Enum<?> e) {
        if (e == null) {
            return whenNull;
        }
        int ordinal = e.ordinal();
        return ordinal < table.length && table[ordinal];
    }
}
