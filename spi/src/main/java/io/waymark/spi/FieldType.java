package io.waymark.spi;

import io.waymark.spi.abi.GeneratedCodeAbi;

/** The type of one event field; the set of Java types a tracepoint parameter may have. */
public enum FieldType {
    @GeneratedCodeAbi
    BOOLEAN,
    @GeneratedCodeAbi
    BYTE,
    @GeneratedCodeAbi
    SHORT,
    @GeneratedCodeAbi
    CHAR,
    @GeneratedCodeAbi
    INT,
    @GeneratedCodeAbi
    LONG,
    @GeneratedCodeAbi
    FLOAT,
    @GeneratedCodeAbi
    DOUBLE,
    /** A {@link String}, possibly {@code null}. */
    @GeneratedCodeAbi
    STRING,
    /** A Java {@code enum}; the value is the constant's ordinal ({@code -1} for {@code null}). */
    @GeneratedCodeAbi
    ENUM,
    /** A {@code byte[]}, possibly {@code null}. */
    @GeneratedCodeAbi
    BYTES;

    /**
     * Whether a tracepoint parameter of Java type {@code parameter} carries a field of this type, as generated code
     * declares it: the primitive itself (no widening), {@code String}, {@code byte[]}, an enum class (or {@code Enum}).
     */
    public boolean isCarriedBy(Class<?> parameter) {
        return switch (this) {
            case BOOLEAN -> parameter == boolean.class;
            case BYTE -> parameter == byte.class;
            case SHORT -> parameter == short.class;
            case CHAR -> parameter == char.class;
            case INT -> parameter == int.class;
            case LONG -> parameter == long.class;
            case FLOAT -> parameter == float.class;
            case DOUBLE -> parameter == double.class;
            case STRING -> parameter == String.class;
            case BYTES -> parameter == byte[].class;
            case ENUM -> Enum.class.isAssignableFrom(parameter);
        };
    }

    /** Whether values of this type are held as references ({@link #STRING}, {@link #BYTES}). */
    public boolean isReference() {
        return this == STRING || this == BYTES;
    }
}
