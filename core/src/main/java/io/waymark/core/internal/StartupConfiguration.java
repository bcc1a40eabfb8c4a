package io.waymark.core.internal;

import io.waymark.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What system properties and environment variables say at startup. Only {@code waymark.*} properties
 * and {@code WAYMARK_*} variables are read. A system property wins over its environment variable. A
 * malformed value is reported in {@link #errors()} naming what the user set (the property or the
 * variable), the value and the remedy; the runtime then starts no startup session but keeps the
 * application running.
 *
 * @param backend the backend name ({@code waymark.backend} / {@code WAYMARK_BACKEND}), if set
 * @param rules the startup session's rules ({@code waymark.enable} / {@code WAYMARK_ENABLE}, split by
 *     {@link EnablementRule#splitList}); empty: no startup session
 * @param minLevel {@code waymark.level} / {@code WAYMARK_LEVEL}, {@link Level#TRACE} when unset
 * @param stableOnly {@code waymark.stableOnly} / {@code WAYMARK_STABLE_ONLY}
 * @param settings backend settings from {@code waymark.setting.<key>} properties and
 *     {@code WAYMARK_SETTING_<KEY>} variables ({@link #settingName})
 * @param management {@code waymark.management} / {@code WAYMARK_MANAGEMENT}: {@code on} (default),
 *     {@code readonly} or {@code off}; a malformed value means {@link ManagementMode#READONLY} (and an
 *     error), so that a typo never grants more than was meant and the error stays visible to tools
 * @param aggregations the startup session's aggregations ({@code waymark.aggregate} / {@code WAYMARK_AGGREGATE},
 *     split like the rules); with aggregations and no rules the startup session only aggregates, needing no backend
 * @param aggregationCapacity {@code waymark.aggregate.capacity} / {@code WAYMARK_AGGREGATE_CAPACITY}
 * @param aggregationKeyBytes {@code waymark.aggregate.keyBytes} / {@code WAYMARK_AGGREGATE_KEY_BYTES}
 * @param errors one message for each malformed value
 * @param origins for each property that was set (a {@code waymark.setting.<key>} for a setting), what
 *     the user set: {@code system property waymark.backend} or {@code environment variable WAYMARK_BACKEND}
 */
public record StartupConfiguration(
        Optional<String> backend, List<String> rules, Level minLevel, boolean stableOnly,
        Map<String, String> settings, ManagementMode management, List<String> aggregations, int aggregationCapacity,
        int aggregationKeyBytes, List<String> errors, Map<String, String> origins) {

    public static final String BACKEND = "waymark.backend";
    public static final String ENABLE = "waymark.enable";
    public static final String LEVEL = "waymark.level";
    public static final String STABLE_ONLY = "waymark.stableOnly";
    public static final String SETTING_PREFIX = "waymark.setting.";
    public static final String MANAGEMENT = "waymark.management";
    public static final String AGGREGATE = "waymark.aggregate";
    public static final String AGGREGATE_CAPACITY = "waymark.aggregate.capacity";
    public static final String AGGREGATE_KEY_BYTES = "waymark.aggregate.keyBytes";
    /** The prefix of the properties read; others are never looked at. */
    static final String PROPERTY_PREFIX = "waymark.";
    /** The prefix of the environment variables read; others are never looked at. */
    static final String VARIABLE_PREFIX = "WAYMARK_";
    static final String SETTING_VARIABLE_PREFIX = "WAYMARK_SETTING_";

    public StartupConfiguration {
        Objects.requireNonNull(management, "management");
        rules = List.copyOf(rules);
        aggregations = List.copyOf(aggregations);
        settings = Map.copyOf(settings);
        errors = List.copyOf(errors);
        origins = Map.copyOf(origins);
    }

    /** Reads the configuration from this JVM's {@code waymark.*} system properties and {@code WAYMARK_*} variables. */
    public static StartupConfiguration fromSystem() {
        Map<String, String> properties = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                properties.put(name, System.getProperty(name));
            }
        }
        return read(properties, own(System.getenv()));
    }

    /** Only the {@code WAYMARK_*} variables of an environment: the rest is none of Waymark's business. */
    static Map<String, String> own(Map<String, String> environment) {
        Map<String, String> own = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(VARIABLE_PREFIX)) {
                own.put(name, value);
            }
        });
        return own;
    }

    /**
     * Reads the configuration from system properties and the environment; keys without the
     * {@code waymark.} or {@code WAYMARK_} prefix are ignored.
     */
    public static StartupConfiguration read(Map<String, String> systemProperties, Map<String, String> environment) {
        Map<String, String> origins = new LinkedHashMap<>();
        for (String key : List.of(BACKEND, ENABLE, LEVEL, STABLE_ONLY, MANAGEMENT, AGGREGATE, AGGREGATE_CAPACITY, AGGREGATE_KEY_BYTES)) {
            if (systemProperties.containsKey(key)) {
                origins.put(key, "system property " + key);
            } else if (environment.containsKey(environmentName(key))) {
                origins.put(key, "environment variable " + environmentName(key));
            }
        }
        List<String> errors = new ArrayList<>();
        Optional<String> backend = lookup(systemProperties, environment, BACKEND).map(String::trim).filter(s -> !s.isEmpty());

        List<String> rules = new ArrayList<>();
        lookup(systemProperties, environment, ENABLE).ifPresent(value -> readRules(value, origins.get(ENABLE), rules, errors));

        List<String> aggregations = new ArrayList<>();
        lookup(systemProperties, environment, AGGREGATE).ifPresent(value -> readAggregations(value, origins.get(AGGREGATE),
                aggregations, errors));
        int capacity = readInt(systemProperties, environment, AGGREGATE_CAPACITY, origins, errors,
                io.waymark.core.SessionConfig.DEFAULT_AGGREGATION_CAPACITY, 1, io.waymark.core.SessionConfig.MAX_AGGREGATION_CAPACITY, 1);
        int keyBytes = readInt(systemProperties, environment, AGGREGATE_KEY_BYTES, origins, errors,
                io.waymark.core.SessionConfig.DEFAULT_AGGREGATION_KEY_BYTES, 8, io.waymark.core.SessionConfig.MAX_AGGREGATION_KEY_BYTES, 8);

        Level level = Level.TRACE;
        Optional<String> levelValue = lookup(systemProperties, environment, LEVEL);
        if (levelValue.isPresent()) {
            try {
                level = Level.valueOf(levelValue.get().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(origins.get(LEVEL) + "='" + EnablementRule.shorten(levelValue.get()) + "' is not a level; use one of "
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
                errors.add(origins.get(STABLE_ONLY) + "='" + EnablementRule.shorten(v) + "' is not a boolean; use true or false");
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
                errors.add(origins.get(MANAGEMENT) + "='" + EnablementRule.shorten(managementValue.get())
                        + "' is not a management mode; use on, readonly or off (until it is fixed: readonly)");
            }
        }

        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(SETTING_VARIABLE_PREFIX) && name.length() > SETTING_VARIABLE_PREFIX.length()) {
                String setting = settingName(name);
                settings.put(setting, value);
                origins.put(SETTING_PREFIX + setting, "environment variable " + name);
            }
        });
        systemProperties.forEach((name, value) -> { // after the variables: a property wins
            if (name.startsWith(SETTING_PREFIX) && name.length() > SETTING_PREFIX.length()) {
                settings.put(name.substring(SETTING_PREFIX.length()), value);
                origins.put(name, "system property " + name);
            }
        });

        return new StartupConfiguration(backend, rules, level, stableOnly, settings, management, aggregations, capacity, keyBytes,
                errors, origins);
    }

    private static int readInt(Map<String, String> systemProperties, Map<String, String> environment, String key,
            Map<String, String> origins, List<String> errors, int fallback, int least, int most, int multipleOf) {
        Optional<String> value = lookup(systemProperties, environment, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get().trim());
            if (parsed >= least && parsed <= most && parsed % multipleOf == 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(origins.get(key) + "='" + EnablementRule.shorten(value.get()) + "' is not a whole number from " + least + " to "
                + most + (multipleOf > 1 ? " and a multiple of " + multipleOf : ""));
        return fallback;
    }

    private static void readAggregations(String value, String origin, List<String> aggregations, List<String> errors) {
        if (value.isBlank()) {
            errors.add(origin + " is empty: give aggregations such as 'shop:orderPlaced count() by (method)', or leave it unset");
            return;
        }
        List<String> listed;
        try {
            listed = EnablementRule.splitList(value);
        } catch (IllegalArgumentException e) {
            errors.add(origin + ": " + e.getMessage());
            return;
        }
        for (String spec : listed) {
            try {
                aggregations.add(io.waymark.spi.aggregate.Aggregation.parse(spec).toString());
            } catch (IllegalArgumentException e) {
                errors.add(origin + ": " + e.getMessage());
            }
        }
    }

    private static void readRules(String value, String origin, List<String> rules, List<String> errors) {
        if (value.isBlank()) {
            errors.add(origin + " is empty: give rules such as 'shop.orders:*', or leave it unset for no startup session");
            return;
        }
        List<String> listed;
        try {
            listed = EnablementRule.splitList(value);
        } catch (IllegalArgumentException e) {
            errors.add(origin + ": " + e.getMessage());
            return;
        }
        for (String rule : listed) {
            try {
                rules.add(EnablementRule.parse(rule).toString());
            } catch (IllegalArgumentException e) {
                errors.add(origin + ": " + e.getMessage());
            }
        }
    }

    /**
     * The setting a {@code WAYMARK_SETTING_<KEY>} variable stands for: {@code <KEY>} in lower case,
     * each {@code '_'} a {@code '-'}; {@code WAYMARK_SETTING_SUBBUFFER_SIZE} is {@code subbuffer-size}.
     */
    static String settingName(String variable) {
        return variable.substring(SETTING_VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The variable that stands for setting {@code name}: {@code subbuffer-size} is {@code WAYMARK_SETTING_SUBBUFFER_SIZE}. */
    static String settingVariable(String name) {
        return SETTING_VARIABLE_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * What the user set for {@code property} ({@code waymark.backend}, or {@code waymark.setting.<key>}),
     * as messages name it: {@code system property waymark.backend} or {@code environment variable
     * WAYMARK_BACKEND}; the property when neither was set.
     */
    public String origin(String property) {
        return origins.getOrDefault(property, "system property " + property);
    }

    /** How a message suggests setting {@code setting} instead: the same way the user set {@code given}. */
    public String suggestSetting(String given, String setting) {
        return origin(SETTING_PREFIX + given).startsWith("environment variable ") ? settingVariable(setting) : SETTING_PREFIX + setting;
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

    /** Whether a startup session is asked for. */
    public boolean wantsStartupSession() {
        return !rules.isEmpty() || !aggregations.isEmpty();
    }

    /** Whether the startup session only aggregates: it then needs no backend. */
    public boolean onlyAggregates() {
        return rules.isEmpty() && !aggregations.isEmpty();
    }
}
