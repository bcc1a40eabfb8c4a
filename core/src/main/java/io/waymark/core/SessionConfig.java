package io.waymark.core;

import io.waymark.Level;
import io.waymark.core.internal.EnablementRule;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.aggregate.Aggregation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.Validate;

/**
 * The immutable configuration of a {@link Session}. Built with {@link #builder(String)}; the builder
 * validates every value and throws {@link IllegalArgumentException} naming it.
 *
 * @param name the session's name
 * @param backendName the backend by name, or {@code null} for the default backend (the one backend
 *     on the class path, or the one {@code waymark.backend} selects)
 * @param backendFactory a backend factory given directly, or {@code null}; wins over the name
 * @param rules enabling ({@code "pattern"}) and disabling ({@code "!pattern"}) rules in order, in the
 *     rule grammar of {@code docs/rules.md}
 * @param minLevel the least severe level the session wants
 * @param stableOnly whether the session wants only {@link io.waymark.Stability#STABLE} events
 * @param backendSettings backend-specific settings
 * @param maxBackendFailures after this many exceptions from its backend the session detaches it
 * @param aggregations what the session aggregates in the process, in the language of
 *     {@code docs/aggregations.md}; each named (given names kept, others {@code agg1}, {@code agg2}, ...)
 * @param aggregationCapacity how many keys each aggregation's table holds (allocated when the table is made)
 * @param aggregationKeyBytes how many bytes of a string key a table keeps (a multiple of 8); longer keys are cut and counted
 */
public record SessionConfig(
        String name,
        String backendName,
        BackendFactory backendFactory,
        List<String> rules,
        Level minLevel,
        boolean stableOnly,
        Map<String, String> backendSettings,
        int maxBackendFailures,
        List<String> aggregations,
        int aggregationCapacity,
        int aggregationKeyBytes) {

    /** How many backend exceptions a session tolerates by default before detaching the backend. */
    public static final int DEFAULT_MAX_BACKEND_FAILURES = 100;
    /** How many keys an aggregation's table holds by default. */
    public static final int DEFAULT_AGGREGATION_CAPACITY = 1024;
    /** The most keys an aggregation's table may hold. */
    public static final int MAX_AGGREGATION_CAPACITY = 1 << 24;
    /** How many bytes of a string key an aggregation keeps by default. */
    public static final int DEFAULT_AGGREGATION_KEY_BYTES = 32;
    /** The most bytes of a string key an aggregation may keep. */
    public static final int MAX_AGGREGATION_KEY_BYTES = 256;

    /** A configuration without aggregations. */
    public SessionConfig(String name, String backendName, BackendFactory backendFactory, List<String> rules, Level minLevel,
            boolean stableOnly, Map<String, String> backendSettings, int maxBackendFailures) {
        this(name, backendName, backendFactory, rules, minLevel, stableOnly, backendSettings, maxBackendFailures, List.of(),
                DEFAULT_AGGREGATION_CAPACITY, DEFAULT_AGGREGATION_KEY_BYTES);
    }

    public SessionConfig {
        Validate.notBlank(name, "session name must not be blank");
        Objects.requireNonNull(minLevel, "minLevel");
        rules = List.copyOf(rules);
        for (String rule : rules) {
            EnablementRule.parse(rule);
        }
        backendSettings = Map.copyOf(backendSettings);
        Validate.isTrue(maxBackendFailures > 0, "maxBackendFailures must be positive, was %d", maxBackendFailures);
        checkAggregationCapacity(aggregationCapacity);
        checkAggregationKeyBytes(aggregationKeyBytes);
        aggregations = named(aggregations);
    }

    /** Parses every aggregation and names the unnamed ones {@code agg<n>}, refusing a name given twice. */
    private static List<String> named(List<String> specs) {
        List<String> result = new ArrayList<>(specs.size());
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String spec : specs) {
            Aggregation parsed = Aggregation.parse(spec);
            if (parsed.name() != null && !names.add(parsed.name())) {
                throw new IllegalArgumentException("two aggregations are called '" + parsed.name() + "'; give each its own name");
            }
        }
        int next = 1;
        for (String spec : specs) {
            Aggregation parsed = Aggregation.parse(spec);
            if (parsed.name() == null) {
                while (names.contains("agg" + next)) {
                    next++;
                }
                names.add("agg" + next);
                parsed = parsed.named("agg" + next);
            }
            result.add(parsed.toString());
        }
        return List.copyOf(result);
    }

    static void checkAggregationCapacity(int capacity) {
        Validate.isTrue(capacity > 0 && capacity <= MAX_AGGREGATION_CAPACITY,
                "aggregationCapacity must be between 1 and %d keys, was %d", MAX_AGGREGATION_CAPACITY, capacity);
    }

    static void checkAggregationKeyBytes(int bytes) {
        Validate.isTrue(bytes >= 8 && bytes <= MAX_AGGREGATION_KEY_BYTES && bytes % 8 == 0,
                "aggregationKeyBytes must be a multiple of 8 between 8 and %d, was %d", MAX_AGGREGATION_KEY_BYTES, bytes);
    }

    /** A builder for a session called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link SessionConfig}. */
    public static final class Builder {
        private final String name;
        private String backendName;
        private BackendFactory backendFactory;
        private final List<String> rules = new ArrayList<>();
        private Level minLevel = Level.TRACE;
        private boolean stableOnly;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> aggregations = new ArrayList<>();
        private int aggregationCapacity = DEFAULT_AGGREGATION_CAPACITY;
        private int aggregationKeyBytes = DEFAULT_AGGREGATION_KEY_BYTES;
        private int maxBackendFailures = DEFAULT_MAX_BACKEND_FAILURES;

        private Builder(String name) {
            Validate.notBlank(name, "session name must not be blank");
            this.name = name;
        }

        /** Selects the backend by its {@link BackendFactory#name() name}. */
        public Builder backend(String backendName) {
            Validate.notBlank(backendName, "backend name must not be blank");
            this.backendName = backendName.trim();
            return this;
        }

        /** Uses this factory for the session's backend, whether or not it is on the class path. */
        public Builder backend(BackendFactory factory) {
            this.backendFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Adds enabling rules, each possibly with a filter ({@code docs/filters.md}); see
         * {@link Session#enable(String)}. Filters are checked against the loaded event types when the
         * session is created ({@code Tracing.createSession}).
         *
         * @throws IllegalArgumentException when a pattern or filter is malformed or starts with {@code '!'}
         */
        public Builder enable(String... patterns) {
            for (String pattern : patterns) {
                rules.add(EnablementRule.pattern(pattern, true).toString());
            }
            return this;
        }

        /**
         * Adds disabling rules; see {@link Session#disable(String)}.
         *
         * @throws IllegalArgumentException when a pattern is malformed or starts with {@code '!'}
         */
        public Builder disable(String... patterns) {
            for (String pattern : patterns) {
                rules.add(EnablementRule.pattern(pattern, false).toString());
            }
            return this;
        }

        /**
         * Adds rules as text, each {@code [!]provider[:event]} as in {@code waymark.enable}, an enabling
         * one possibly followed by a filter ({@code [items > 3]}, {@code docs/filters.md}): a leading
         * {@code '!'} makes a disabling rule. What {@link #enable} and {@link #disable} add, for rules
         * that come as text (a configuration file, a test's list).
         *
         * @throws IllegalArgumentException when a rule is malformed
         */
        public Builder rule(String... rules) {
            for (String rule : rules) {
                this.rules.add(EnablementRule.parse(rule).toString());
            }
            return this;
        }

        /** The least severe level the session wants; {@link Level#TRACE} (everything) by default. */
        public Builder minLevel(Level level) {
            this.minLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** Whether the session wants only stable events; {@code false} by default. */
        public Builder stableOnly(boolean stableOnly) {
            this.stableOnly = stableOnly;
            return this;
        }

        /**
         * A backend-specific setting, passed to the backend in its {@link io.waymark.spi.BackendContext}.
         * A name the backend does not declare ({@link BackendFactory#settingNames()}) makes
         * {@link Tracing#createSession} throw, naming the closest declared one.
         */
        public Builder setting(String key, String value) {
            Validate.notBlank(key, "setting key must not be blank");
            Objects.requireNonNull(value, () -> "value of setting '" + key + "'");
            settings.put(StringUtils.trim(key), value);
            return this;
        }

        /**
         * Adds aggregations ({@code docs/aggregations.md}), for example
         * {@code "slow = shop:responseSent[status >= 500] hist(micros) by (method)"}: counted in the
         * process, read with {@link Session#aggregation(String)}. They are independent of the rules: a
         * session may aggregate events it does not record.
         *
         * @throws IllegalArgumentException naming the aggregation, the position and what was expected
         */
        public Builder aggregate(String... specs) {
            for (String spec : specs) {
                Aggregation.parse(spec);
                aggregations.add(spec);
            }
            return this;
        }

        /** How many keys each aggregation's table holds; 1024 by default. */
        public Builder aggregationCapacity(int capacity) {
            checkAggregationCapacity(capacity);
            this.aggregationCapacity = capacity;
            return this;
        }

        /** How many bytes of a string key a table keeps (a multiple of 8, at most 256); 32 by default. */
        public Builder aggregationKeyBytes(int bytes) {
            checkAggregationKeyBytes(bytes);
            this.aggregationKeyBytes = bytes;
            return this;
        }

        /** After this many exceptions from its backend the session detaches it; 100 by default. */
        public Builder maxBackendFailures(int failures) {
            Validate.isTrue(failures > 0, "maxBackendFailures must be positive, was %d", failures);
            this.maxBackendFailures = failures;
            return this;
        }

        public SessionConfig build() {
            return new SessionConfig(name, backendName, backendFactory, rules, minLevel, stableOnly, settings, maxBackendFailures,
                    aggregations, aggregationCapacity, aggregationKeyBytes);
        }
    }
}
