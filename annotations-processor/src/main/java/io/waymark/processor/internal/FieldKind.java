package io.waymark.processor.internal;

/**
 * The Java types a tracepoint parameter may have, one per {@code io.waymark.spi.FieldType} constant of
 * the same name, with the {@code EventWriter} method that writes a value of that type.
 */
public enum FieldKind {
    BOOLEAN("putBoolean", 1),
    BYTE("putByte", 1),
    SHORT("putShort", 2),
    CHAR("putChar", 2),
    INT("putInt", 4),
    LONG("putLong", 8),
    FLOAT("putFloat", 4),
    DOUBLE("putDouble", 8),
    STRING("putString", 0),
    ENUM("putEnum", 4),
    BYTES("putBytes", 0);

    /** The allowed types, as error messages list them. */
    public static final String ALLOWED = "boolean, byte, short, char, int, long, float, double, String, an enum, or byte[]";

    private final String putMethod;
    /** The encoded size in bytes; 0 for a kind whose values vary in size. */
    private final int size;

    FieldKind(String putMethod, int size) {
        this.putMethod = putMethod;
        this.size = size;
    }

    /** The {@code EventWriter} method that writes a value of this kind. */
    public String putMethod() {
        return putMethod;
    }

    /** Whether every value of this kind takes the same number of bytes ({@link #size()}). */
    public boolean fixedSize() {
        return size != 0;
    }

    /** The encoded size of a fixed-size kind, in bytes. */
    public int size() {
        if (size == 0) {
            throw new IllegalStateException(this + " has no fixed size");
        }
        return size;
    }

    /**
     * The {@code EventWriter} method that writes a value of this fixed-size kind into room reserved
     * for a run of fields ({@code EventWriter.reserve}).
     */
    public String putReservedMethod() {
        size(); // fixed-size kinds only
        return "putReserved" + putMethod.substring("put".length());
    }
}
