package io.waymark.core.internal;

import io.waymark.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.lang3.StringUtils;

/**
 * What system properties and environment variables say at startup. A system property wins over its
 * environment variable. A malformed value is reported in {@link #errors()} with the key, the value
 * and the remedy; the runtime then starts no startup session but keeps the application running.
 *
 * @param backend the backend name ({@code waymark.backend} / {@code WAYMARK_BACKEND}), if set
 * @param rules the startup session's rules ({@code waymark.enable} / {@code WAYMARK_ENABLE}, comma separated); empty: no startup session
 * @param minLevel {@code waymark.level} / {@code WAYMARK_LEVEL}, {@link Level#TRACE} when unset
 * @param stableOnly {@code waymark.stableOnly} / {@code WAYMARK_STABLE_ONLY}
 * @param settings backend settings from {@code waymark.setting.<key>} system properties
 * @param management {@code waymark.management} / {@code WAYMARK_MANAGEMENT}: {@code on} (default),
 *     {@code readonly} or {@code off}; a malformed value means {@link ManagementMode#READONLY} (and an
 *     error), so that a typo never grants more than was meant and the error stays visible to tools
 * @param errors one message for each malformed value
 */
public record StartupConfiguration(
        Optional<String> backend, List<String> rules, Level minLevel, boolean stableOnly,
        Map<String, String> settings, ManagementMode management, List<String> errors) {

    public static final String BACKEND = "waymark.backend";
    public static final String ENABLE = "waymark.enable";
    public static final String LEVEL = "waymark.level";
    public static final String STABLE_ONLY = "waymark.stableOnly";
    public static final String SETTING_PREFIX = "waymark.setting.";
    public static final String MANAGEMENT = "waymark.management";

    public StartupConfiguration {
        rules = List.copyOf(rules);
        settings = Map.copyOf(settings);
        Objects.requireNonNull(management, "management");
        errors = List.copyOf(errors);
    }

    /** Reads the configuration from system properties and the environment. */
    public static StartupConfiguration read(Map<String, String> systemProperties, Map<String, String> environment) {
        List<String> errors = new ArrayList<>();
        Optional<String> backend = lookup(systemProperties, environment, BACKEND).map(String::trim).filter(s -> !s.isEmpty());

        List<String> rules = new ArrayList<>();
        lookup(systemProperties, environment, ENABLE).ifPresent(value -> {
            for (String pattern : StringUtils.split(value, ',')) {
                String trimmed = pattern.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                try {
                    EnablementRule.parse(trimmed);
                    rules.add(trimmed);
                } catch (IllegalArgumentException e) {
                    errors.add(describe(systemProperties, ENABLE) + ": " + e.getMessage());
                }
            }
        });

        Level level = Level.TRACE;
        Optional<String> levelValue = lookup(systemProperties, environment, LEVEL);
        if (levelValue.isPresent()) {
            try {
                level = Level.valueOf(levelValue.get().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(describe(systemProperties, LEVEL) + "='" + levelValue.get() + "' is not a level; use one of "
                        + Arrays.toString(Level.values()));
            }
        }

        boolean stableOnly = false;
        Optional<String> stableValue = lookup(systemProperties, environment, STABLE_ONLY);
        if (stableValue.isPresent()) {
            String v = stableValue.get().trim();
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                stableOnly = Boolean.parseBoolean(v);
            } else {
                errors.add(describe(systemProperties, STABLE_ONLY) + "='" + v + "' is not a boolean; use true or false");
            }
        }

        ManagementMode management = ManagementMode.ON;
        Optional<String> managementValue = lookup(systemProperties, environment, MANAGEMENT);
        if (managementValue.isPresent()) {
            Optional<ManagementMode> parsed = ManagementMode.parse(managementValue.get());
            if (parsed.isPresent()) {
                management = parsed.get();
            } else {
                management = ManagementMode.READONLY;
                errors.add(describe(systemProperties, MANAGEMENT) + "='" + managementValue.get()
                        + "' is not a management mode; use on, readonly or off (until it is fixed: readonly)");
            }
        }

        Map<String, String> settings = new LinkedHashMap<>();
        systemProperties.entrySet().stream()
                .filter(e -> e.getKey().startsWith(SETTING_PREFIX) && e.getKey().length() > SETTING_PREFIX.length())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> settings.put(e.getKey().substring(SETTING_PREFIX.length()), e.getValue()));

        return new StartupConfiguration(backend, rules, level, stableOnly, settings, management, errors);
    }

    /** The environment variable that stands for a property: {@code waymark.stableOnly} is {@code WAYMARK_STABLE_ONLY}. */
    static String environmentName(String property) {
        String snake = property.replaceAll("([a-z])([A-Z])", "$1_$2");
        return snake.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static Optional<String> lookup(Map<String, String> systemProperties, Map<String, String> environment, String key) {
        String value = systemProperties.get(key);
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        return Optional.ofNullable(value);
    }

    private static String describe(Map<String, String> systemProperties, String key) {
        return systemProperties.containsKey(key) ? "system property " + key : "environment variable " + environmentName(key);
    }

    /** Whether a startup session is asked for. */
    public boolean wantsStartupSession() {
        return !rules.isEmpty();
    }
}
