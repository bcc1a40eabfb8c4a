package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import io.waymark.spi.wire.WireFormat;

/**
 * What {@link InPlaceRecorder} needs to know of one event type: its record header, the size of its fixed part, and
 * each of its (at most {@link #MAX_FIELDS}) fields' kind and, for a String field, its {@link StringField}. A record,
 * so that the JIT, which trusts a record's components as final, folds every {@code kindN()} of a recorder copy's
 * constant shape: straight-line code for the event, no loop over fields, no switch left.
 *
 * @param identityWord the CTF event id (the record's identity word)
 * @param versionWord the u32 after the thread id: schema version, flags 0
 * @param fixedSize the record's length from its event id on, without its Strings' and byte arrays' lengths
 */
public record InPlaceShape(int identityWord, int versionWord, int fixedSize,
        int kind0, int kind1, int kind2, int kind3, int kind4, int kind5, int kind6, int kind7,
        StringField string0, StringField string1, StringField string2, StringField string3,
        StringField string4, StringField string5, StringField string6, StringField string7) {

    /** The most fields an event recorded in place has; one with more takes the encoded path. */
    public static final int MAX_FIELDS = 8;

    /** No field. */
    static final int NONE = 0;
    /** A {@code boolean} or {@code byte}: one byte. */
    static final int BYTE = 1;
    /** A {@code short} or {@code char}: two bytes. */
    static final int SHORT = 2;
    /** An {@code int} or a {@code float}'s bits: four bytes. */
    static final int INT = 3;
    /** A {@code long} or a {@code double}'s bits: eight bytes. */
    static final int LONG = 4;
    /** An enum constant: its ordinal, four bytes ({@link WireFormat#NULL_ORDINAL} for null). */
    static final int ENUM = 5;
    /** A String: u32 length, UTF-8 ({@link StringField}). */
    static final int STRING = 6;
    /** A {@code byte[]}: u32 length, the bytes. */
    static final int BYTES = 7;

    /** The shape of {@code type}'s records, carrying {@code identityWord}; {@code null} for more than {@link #MAX_FIELDS} fields. */
    static InPlaceShape of(EventType type, int identityWord) {
        int n = type.fieldCount();
        if (n > MAX_FIELDS) {
            return null;
        }
        int[] kinds = new int[MAX_FIELDS];
        StringField[] strings = new StringField[MAX_FIELDS];
        int fixed = CtfLayout.EVENT_HEADER_SIZE;
        for (int i = 0; i < n; i++) {
            kinds[i] = kind(type.field(i).type());
            fixed += switch (kinds[i]) {
                case BYTE -> 1;
                case SHORT -> 2;
                case INT, ENUM -> 4;
                case LONG -> 8;
                default -> 0;
            };
            if (kinds[i] == STRING) {
                strings[i] = new StringField();
            }
        }
        return new InPlaceShape(identityWord, type.version() & 0xFFFF, fixed, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4],
                kinds[5], kinds[6], kinds[7], strings[0], strings[1], strings[2], strings[3], strings[4], strings[5], strings[6],
                strings[7]);
    }

    /** The kind of a field of {@code type}. */
    static int kind(FieldType type) {
        return switch (type) {
            case BOOLEAN, BYTE -> BYTE;
            case SHORT, CHAR -> SHORT;
            case INT, FLOAT -> INT;
            case LONG, DOUBLE -> LONG;
            case ENUM -> ENUM;
            case STRING -> STRING;
            case BYTES -> BYTES;
        };
    }
}
