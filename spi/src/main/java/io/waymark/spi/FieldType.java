package io.waymark.spi;

/** The type of one event field; the set of Java types a tracepoint parameter may have. */
public enum FieldType {
    BOOLEAN,
    BYTE,
    SHORT,
    CHAR,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    /** A {@link String}, possibly {@code null}. */
    STRING,
    /** A Java {@code enum}; the value is the constant's ordinal ({@code -1} for {@code null}). */
    ENUM,
    /** A {@code byte[]}, possibly {@code null}. */
    BYTES;

    /** Whether values of this type are held as references ({@link #STRING}, {@link #BYTES}). */
    public boolean isReference() {
        return this == STRING || this == BYTES;
    }
}
