package io.waymark.core.internal;

import java.util.Locale;
import java.util.Optional;

/** What the setting {@code waymark.management} allows tools outside the application to do. */
public enum ManagementMode {
    /** The MXBean is registered and every operation works (the default). */
    ON,
    /** The MXBean is registered; its attributes can be read, every operation is refused. */
    READONLY,
    /** The MXBean is not registered. */
    OFF;

    /** The value as written in the setting: {@code on}, {@code readonly}, {@code off}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode written {@code value} (case and surrounding blanks ignored), if it is one. */
    static Optional<ManagementMode> parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (ManagementMode mode : values()) {
            if (mode.settingValue().equals(v)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
