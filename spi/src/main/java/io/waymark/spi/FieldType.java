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

    /** Whether values of this type are held as references ({@link #STRING}, {@link #BYTES}). */
    public boolean isReference() {
        return this == STRING || this == BYTES;
    }
}
