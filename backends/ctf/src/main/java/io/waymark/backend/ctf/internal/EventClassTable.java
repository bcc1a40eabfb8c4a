package io.waymark.backend.ctf.internal;

import io.waymark.spi.EventType;
import java.util.Arrays;

/**
 * An immutable identity map from {@link EventType} to its trace-wide CTF event class id: open
 * addressing over the types' identity hash codes, so a lookup on the hot path neither allocates nor
 * calls {@code equals}. Registration copies the table ({@link #with}), which is rare and off the hot path.
 */
public final class EventClassTable {

    /** The empty table. */
    public static final EventClassTable EMPTY = new EventClassTable(new EventType[8], new int[8], 0);

    private final EventType[] keys;
    private final int[] ids;
    private final int size;
    private final int mask;

    private EventClassTable(EventType[] keys, int[] ids, int size) {
        this.keys = keys;
        this.ids = ids;
        this.size = size;
        this.mask = keys.length - 1;
    }

    /** The class id of {@code type}, or {@code -1} when it was never registered. */
    public int lookup(EventType type) {
        EventType[] k = keys;
        int m = mask;
        int i = mix(System.identityHashCode(type)) & m;
        while (true) {
            EventType candidate = k[i];
            if (candidate == type) {
                return ids[i];
            }
            if (candidate == null) {
                return -1;
            }
            i = (i + 1) & m;
        }
    }

    /** The number of types in the table. */
    public int size() {
        return size;
    }

    /** A table that also maps {@code type} to {@code id}; load factor at most one half. */
    public EventClassTable with(EventType type, int id) {
        int capacity = keys.length;
        while ((size + 1) * 2 > capacity) {
            capacity *= 2;
        }
        EventType[] newKeys = new EventType[capacity];
        int[] newIds = new int[capacity];
        Arrays.fill(newIds, -1);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                insert(newKeys, newIds, keys[i], ids[i]);
            }
        }
        insert(newKeys, newIds, type, id);
        return new EventClassTable(newKeys, newIds, size + 1);
    }

    private static void insert(EventType[] k, int[] v, EventType type, int id) {
        int m = k.length - 1;
        int i = mix(System.identityHashCode(type)) & m;
        while (k[i] != null && k[i] != type) {
            i = (i + 1) & m;
        }
        k[i] = type;
        v[i] = id;
    }

    private static int mix(int h) {
        return h * 0x9E3779B9 >>> 7 ^ h;
    }
}
