package io.waymark.processor.internal;

/**
 * The Java types a tracepoint parameter may have, one per {@code io.waymark.spi.FieldType} constant of
 * the same name, with the {@code EventWriter} method that writes a value of that type.
 */
public enum FieldKind {
    BOOLEAN("putBoolean"),
    BYTE("putByte"),
    SHORT("putShort"),
    CHAR("putChar"),
    INT("putInt"),
    LONG("putLong"),
    FLOAT("putFloat"),
    DOUBLE("putDouble"),
    STRING("putString"),
    ENUM("putEnum"),
    BYTES("putBytes");

    /** The allowed types, as error messages list them. */
    public static final String ALLOWED = "boolean, byte, short, char, int, long, float, double, String, an enum, or byte[]";

    private final String putMethod;

    FieldKind(String putMethod) {
        this.putMethod = putMethod;
    }

    /** The {@code EventWriter} method that writes a value of this kind. */
    public String putMethod() {
        return putMethod;
    }
}
