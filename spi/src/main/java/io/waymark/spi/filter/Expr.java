package io.waymark.spi.filter;

import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of a filter as {@link Filter#parse} reads it: unchecked, with names not yet
 * resolved to fields or enum constants (that is {@link Filter#check}'s work). Every node carries the
 * position (0-based, in the filter text) that error messages name. Trees print back in the filter
 * grammar ({@link Filter#toString()}): reading that text again gives an equal tree, positions aside.
 */
public sealed interface Expr {

    /** The position in the filter text where the node starts. */
    int position();

    /** {@code a || b || ...}: true when any term is. */
    record Or(List<Expr> terms, int position) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    /** {@code a && b && ...}: true when every term is. */
    record And(List<Expr> terms, int position) implements Expr {
        public And {
            terms = List.copyOf(terms);
        }
    }

    /** {@code !a}. */
    record Not(Expr operand, int position) implements Expr {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code left op right}. */
    record Compare(Operand left, Op op, Operand right, int position) implements Expr {
        public Compare {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code operand in (v1, v2, ...)}: true when the operand equals (or, for a glob, matches) any value. */
    record In(Operand operand, List<Operand> values, int position) implements Expr {
        public In {
            Objects.requireNonNull(operand, "operand");
            values = List.copyOf(values);
        }
    }

    /** A bare operand used as a condition: a boolean field, {@code true} or {@code false}. */
    record Test(Operand operand, int position) implements Expr {
        public Test {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** The comparison operators. */
    enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written. */
        public String symbol() {
            return symbol;
        }

        /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
        public Op flipped() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }

        /** Whether it is {@code ==} or {@code !=}, the operators every type has. */
        public boolean isEquality() {
            return this == EQ || this == NE;
        }

        /** What the operator answers for a comparison result ({@code <0}, {@code 0}, {@code >0}). */
        public boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }
    }

    /** A value in a comparison: a name, {@code len(field)} or a literal. */
    sealed interface Operand {

        /** The position in the filter text where the operand starts. */
        int position();
    }

    /** An identifier: a field, or (compared with an enum field) one of the enum's constants. */
    record Name(String name, int position) implements Operand {
        public Name {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code len(field)}: the length of a {@code byte[]} field in bytes, or of a String field in chars. */
    record Length(Name field, int position) implements Operand {
        public Length {
            Objects.requireNonNull(field, "field");
        }
    }

    /** An integer literal (a {@code long}). */
    record IntLiteral(long value, int position) implements Operand {}

    /** A floating literal (a finite {@code double}). */
    record DecimalLiteral(double value, int position) implements Operand {}

    /**
     * A string literal, split at its unescaped {@code '*'}: one segment is an exact string, more are
     * a glob whose stars stand for any run of characters between the segments.
     */
    record StringLiteral(List<String> segments, int position) implements Operand {
        public StringLiteral {
            segments = List.copyOf(segments);
            if (segments.isEmpty()) {
                throw new IllegalArgumentException("a string literal has at least one segment");
            }
        }

        /** Whether the literal has an unescaped {@code '*'}. */
        public boolean isGlob() {
            return segments.size() > 1;
        }

        /** The characters without the stars (the string itself, when it is no glob). */
        public String text() {
            return String.join("", segments);
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanLiteral(boolean value, int position) implements Operand {}

    /** {@code null}: only an enum field can be null. */
    record NullLiteral(int position) implements Operand {}
}
