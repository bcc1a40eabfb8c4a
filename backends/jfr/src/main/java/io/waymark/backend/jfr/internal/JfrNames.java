package io.waymark.backend.jfr.internal;

import io.waymark.spi.EventType;
import java.util.Set;

/**
 * How Waymark names become JFR names. JFR wants an event name that is a valid Java qualified name (it silently
 * renames a dynamic event whose name is not), and reserves four field names of its own.
 */
public final class JfrNames {

    /** Field names every JFR event has: a Waymark field of one of these names gets a {@code _} appended. */
    public static final Set<String> RESERVED_FIELDS = Set.of("startTime", "duration", "eventThread", "stackTrace");

    private JfrNames() {}

    /**
     * The JFR event name of {@code type}: {@code provider.event}, where each dot-separated part of the provider
     * name has every character that is not valid in a Java identifier ({@code -}) replaced by {@code _}, a
     * {@code _} put before a part that starts with a digit, and an empty part written {@code _}. Event names are
     * Java identifiers already. {@code shop-eu.orders:placed} becomes {@code shop_eu.orders.placed}.
     */
    public static String eventName(EventType type) {
        return provider(type.provider()) + "." + identifier(type.name());
    }

    /** The provider part of {@link #eventName}. */
    static String provider(String provider) {
        String[] parts = provider.split("\\.", -1);
        StringBuilder name = new StringBuilder(provider.length() + 2);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                name.append('.');
            }
            name.append(identifier(parts[i]));
        }
        return name.toString();
    }

    private static String identifier(String text) {
        if (text.isEmpty()) {
            return "_";
        }
        StringBuilder name = new StringBuilder(text.length() + 1);
        if (!Character.isJavaIdentifierStart(text.charAt(0))) {
            name.append('_');
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            name.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        return name.toString();
    }

    /**
     * The JFR field name of Waymark field {@code name}: the name itself, or with {@code _} appended (as often as
     * needed to be unique among {@code taken}) when JFR reserves it.
     */
    public static String fieldName(String name, Set<String> taken) {
        if (!RESERVED_FIELDS.contains(name)) {
            return name;
        }
        String renamed = name + "_";
        while (taken.contains(renamed)) {
            renamed += "_";
        }
        return renamed;
    }

    /**
     * The label shown for an event without a declared one: its name split into words at lower-to-upper case
     * changes and underscores, each word capitalised. {@code orderPlaced} becomes {@code Order Placed}.
     */
    public static String label(String name) {
        StringBuilder label = new StringBuilder(name.length() + 4);
        boolean newWord = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                newWord = true;
                continue;
            }
            if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(name.charAt(i - 1))) {
                newWord = true;
            }
            if (newWord && label.length() > 0) {
                label.append(' ');
            }
            label.append(newWord ? Character.toUpperCase(c) : c);
            newWord = false;
        }
        return label.length() == 0 ? name : label.toString();
    }
}
