package io.waymark.core.internal;

import io.waymark.core.AggregationSnapshot;
import io.waymark.spi.Event;
import io.waymark.spi.EventType;
import io.waymark.spi.aggregate.Aggregation;
import io.waymark.spi.aggregate.CheckedAggregation;
import io.waymark.spi.filter.CheckedFilter;
import io.waymark.spi.FieldType;
import io.waymark.spi.probe.ProbeTarget;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One aggregation of a session: its spec, its table (created when the first event type it matches is
 * bound, from that type's key types) and the outcome of checking it against each event type. Guarded by
 * the runtime's lock, except {@link #snapshot}, which reads the published table.
 */
final class SessionAggregation {

    private final String session;
    private final Aggregation aggregation;
    private final int capacity;
    private final int keyBytes;
    /** Per event type: a checked aggregation, or the error that makes this aggregation skip the type. */
    private final Map<EventType, Object> checks = new IdentityHashMap<>();
    /** The target given per event type; guarded by the runtime lock. */
    private final Map<EventType, AggregatingTarget> targets = new IdentityHashMap<>();
    private final java.util.function.LongSupplier heapAvailable;
    private volatile AggregationTable table;
    /** Why the table could not be made (reported once); the aggregation then counts nothing for its life. */
    private volatile String refused;

    SessionAggregation(String session, Aggregation aggregation, int capacity, int keyBytes) {
        this(session, aggregation, capacity, keyBytes, SessionAggregation::heapAvailable);
    }

    /** @param heapAvailable the heap the memory check sees (the JVM's; a test's own) */
    SessionAggregation(String session, Aggregation aggregation, int capacity, int keyBytes, java.util.function.LongSupplier heapAvailable) {
        this.session = session;
        this.aggregation = aggregation;
        this.capacity = capacity;
        this.keyBytes = keyBytes;
        this.heapAvailable = heapAvailable;
    }

    static long heapAvailable() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** Why the table could not be made, or {@code null}. */
    String refused() {
        return refused;
    }

    String name() {
        return aggregation.name();
    }

    Aggregation aggregation() {
        return aggregation;
    }

    /**
     * Refuses an aggregation whose table would not fit the heap: at most half of what the heap has
     * available may go to one table, checked before anything is allocated. Refuses, too, a table whose
     * arrays would be longer than a Java array can be, when {@code checked} tells the key types (else only
     * the values' arrays are checked).
     */
    static void checkMemory(String session, Aggregation aggregation, CheckedAggregation checked, int capacity, int keyBytes,
            long available) {
        long stripeLength = AggregationTable.stripeLength(aggregation, capacity);
        long keysLength = checked == null ? 0 : AggregationTable.keysLength(checked, capacity, keyBytes);
        if (stripeLength > AggregationTable.MAX_ARRAY || keysLength > AggregationTable.MAX_ARRAY) {
            boolean values = stripeLength > AggregationTable.MAX_ARRAY;
            throw new IllegalArgumentException("session '" + session + "': aggregation '" + aggregation.name() + "' needs an array of "
                    + Math.max(stripeLength, keysLength) + " longs for its " + (values ? aggregation.function().label() + " values"
                    : "keys (" + aggregation.keys().size() + " keys, string keys at aggregationKeyBytes " + keyBytes + ")")
                    + " with aggregationCapacity " + capacity + " (keys), more than a Java array holds (" + AggregationTable.MAX_ARRAY
                    + "); lower aggregationCapacity (SessionConfig, waymark.aggregate.capacity)"
                    + (values ? "" : ", aggregationKeyBytes (waymark.aggregate.keyBytes) or the number of string keys"));
        }
        long needed = AggregationTable.bytesNeeded(aggregation, capacity, keyBytes, AggregationTable.stripeCount());
        if (needed > available / 2) {
            throw new IllegalArgumentException("session '" + session + "': aggregation '" + aggregation.name() + "' needs "
                    + mib(needed) + " for aggregationCapacity " + capacity + " (keys) and aggregationKeyBytes " + keyBytes
                    + " with " + 2 * AggregationTable.stripeCount() + " stripes, but the heap has " + mib(available)
                    + " available and one table may take at most half of it; lower aggregationCapacity (SessionConfig, "
                    + "waymark.aggregate.capacity) or give the JVM more heap (-Xmx)");
        }
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /**
     * Checks the aggregation against {@code type} when its pattern matches, caching the outcome: the
     * checked aggregation, or {@code null} when it does not match. The first error for a type is
     * returned as a message once, through {@code errors}. Holds the runtime lock.
     */
    CheckedAggregation check(EventType type, java.util.function.Consumer<String> errors) {
        if (!aggregation.pattern().matches(type)) {
            return null;
        }
        Object known = checks.get(type);
        if (known == null) {
            try {
                CheckedAggregation checked = aggregation.check(type);
                AggregationTable current = table;
                String misfit = current == null ? null : current.fits(checked);
                if (misfit != null) {
                    throw new IllegalArgumentException(misfit);
                }
                known = checked;
                checked.warnings().forEach(w -> Diagnostics.warn("session '" + session + "': " + w));
            } catch (IllegalArgumentException e) {
                known = "session '" + session + "': aggregation '" + aggregation.name() + "' does not fit event "
                        + type.qualifiedName() + ": " + e.getMessage();
                checks.put(type, known);
                errors.accept((String) known);
                return null;
            }
            checks.put(type, known);
        }
        return known instanceof CheckedAggregation checked ? checked : null;
    }

    /** Whether a target for {@code type} was made (the type was bound and fits). Holds the runtime lock. */
    boolean counts(EventType type) {
        return table != null && checks.get(type) instanceof CheckedAggregation;
    }

    /**
     * The target that counts events of {@code type}, or {@code null}. Creates the table at the first type; should
     * that fail, the reason goes to {@code refusals} once and the aggregation counts nothing from then on. Holds
     * the runtime lock.
     */
    ProbeTarget target(EventType type, java.util.function.Consumer<String> errors, java.util.function.Consumer<String> refusals) {
        CheckedAggregation checked = check(type, errors);
        if (checked == null) {
            return null;
        }
        if (refused != null) {
            return null;
        }
        if (table == null) {
            // Whatever goes wrong here is this aggregation's alone: it must not abort the rebuild of every tracepoint,
            // nor be reported again at each rebuild (backends may ask for one every second).
            try {
                checkMemory(session, aggregation, checked, capacity, keyBytes, heapAvailable.getAsLong());
                table = new AggregationTable(checked, capacity, keyBytes, AggregationTable.stripeCount());
            } catch (IllegalArgumentException e) {
                refused = e.getMessage();
            } catch (RuntimeException | OutOfMemoryError e) {
                refused = "session '" + session + "': aggregation '" + aggregation.name() + "' could not make its table for "
                        + "aggregationCapacity " + capacity + " (keys) and aggregationKeyBytes " + keyBytes + ": " + e
                        + "; lower aggregationCapacity (SessionConfig, waymark.aggregate.capacity) or give the JVM more heap (-Xmx)";
            }
            if (refused != null) {
                refusals.accept(refused);
                return null;
            }
        }
        // the same target for the same type, table and check: a rebuild that changes nothing here keeps the
        // tracepoint's route (and its compiled code), which the route recognizes by its targets' identity
        AggregatingTarget known = targets.get(type);
        if (known != null && known.table == table && known.checked == checked) {
            return known;
        }
        AggregatingTarget target = new AggregatingTarget(table, checked, table.typeIndex(type));
        targets.put(type, target);
        return target;
    }

    /** The raw counters; an empty snapshot before any event type was bound. */
    AggregationSnapshot snapshot() {
        AggregationTable current = table;
        if (current == null) {
            return new AggregationSnapshot(aggregation.name(), aggregation.toString(), aggregation.function().label(),
                    aggregation.keys(), capacity, keyBytes, 0, 0, java.util.List.of(), java.util.List.of());
        }
        return current.snapshot(aggregation.name());
    }

    /** Counts the events of one type that pass the aggregation's guard. */
    static final class AggregatingTarget implements ProbeTarget {
        /** {@code AggregationTable.hit<n>} per key count n: (String, long) per key, then (long, double)boolean. */
        private static final MethodHandle[] HITS = new MethodHandle[5];
        /** {@code (String)long}: a string key's hash word. */
        private static final MethodHandle HASH_WORD;
        /** {@code (String)String}: null as "", as the event encodes it. */
        private static final MethodHandle NULL_AS_EMPTY;
        private static final MethodHandle ORDINAL;
        private static final MethodHandle BOOLEAN_WORD;
        private static final MethodHandle FLOAT_WORD;
        private static final MethodHandle DOUBLE_WORD;

        static {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                for (int n = 0; n < HITS.length; n++) {
                    MethodType type = MethodType.methodType(boolean.class, long.class, double.class);
                    for (int i = n - 1; i >= 0; i--) {
                        type = type.insertParameterTypes(0, String.class, long.class);
                    }
                    HITS[n] = lookup.findVirtual(AggregationTable.class, "hit" + n, type);
                }
                HASH_WORD = lookup.findStatic(AggregationTable.class, "hashWord", MethodType.methodType(long.class, String.class));
                NULL_AS_EMPTY = lookup.findStatic(AggregatingTarget.class, "nullAsEmpty", MethodType.methodType(String.class, String.class));
                ORDINAL = lookup.findStatic(AggregatingTarget.class, "ordinal", MethodType.methodType(long.class, Enum.class));
                BOOLEAN_WORD = lookup.findStatic(AggregatingTarget.class, "booleanWord", MethodType.methodType(long.class, boolean.class));
                FLOAT_WORD = lookup.findStatic(AggregatingTarget.class, "floatWord", MethodType.methodType(long.class, float.class));
                DOUBLE_WORD = lookup.findStatic(AggregatingTarget.class, "doubleWord", MethodType.methodType(long.class, double.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final AggregationTable table;
        private final CheckedAggregation checked;
        private final CheckedFilter guard;
        private final int typeIndex;

        AggregatingTarget(AggregationTable table, CheckedAggregation checked, int typeIndex) {
            this.table = table;
            this.checked = checked;
            this.guard = checked.guard();
            this.typeIndex = typeIndex;
        }

        @Override
        public void dispatch(Event event) {
            try {
                if (guard == null || guard.test(event)) {
                    table.update(event, checked, typeIndex);
                }
            } catch (Throwable t) {
                // checked against the type, it does not throw; should it, the event is not counted (never the application's problem)
            }
        }

        /**
         * Updates the table straight from the tracepoint's arguments and answers {@code false} (nothing to
         * encode for an aggregation): the key's fields and the value become the arguments of
         * {@link AggregationTable#updateArguments}, through conversions that neither box nor allocate. The
         * guard, if any, is compiled by {@code ArgumentFilters}; {@code null} (the encoded path) when it cannot
         * be, or when {@code arguments} does not match the fields of {@code type}.
         */
        @Override
        public MethodHandle argumentsHandle(EventType type, int providerIndex, MethodType arguments) {
            try {
                return handle(type, arguments);
            } catch (RuntimeException e) {
                return null; // unexpected arguments: the encoded path still counts them
            }
        }

        private MethodHandle handle(EventType type, MethodType arguments) {
            if (type != checked.type() || arguments.parameterCount() != type.fieldCount() || arguments.returnType() != void.class) {
                return null;
            }
            for (int f = 0; f < type.fieldCount(); f++) {
                if (!fits(type.field(f).type(), arguments.parameterType(f))) {
                    return null;
                }
            }
            MethodHandle filter = null;
            if (guard != null) {
                filter = ArgumentFilters.compile(guard, type, arguments);
                if (filter == null) {
                    return null; // a guard only the encoded event can answer: the encoded path counts
                }
            }
            // hit<n>(s0, k0, ..., lv, dv): per position, the argument it takes (-1: a constant). A string key is its
            // argument (null as "") and that argument's hash word; any other key null and its key word.
            int keys = checked.keyCount();
            int positions = 2 * keys + 2;
            int[] source = new int[positions];
            MethodHandle[] convert = new MethodHandle[positions];
            Object[] constant = new Object[positions];
            java.util.Arrays.fill(source, -1);
            for (int k = 0; k < keys; k++) {
                constant[2 * k] = null;
                constant[2 * k + 1] = 0L;
            }
            constant[positions - 2] = 0L;
            constant[positions - 1] = 0.0;
            for (int i = 0; i < keys; i++) {
                int field = checked.keyIndex(i);
                if (field < 0) {
                    constant[2 * i + 1] = (long) typeIndex; // event()
                } else if (checked.keyType(i) == FieldType.STRING) {
                    source[2 * i] = field;
                    convert[2 * i] = NULL_AS_EMPTY;
                    source[2 * i + 1] = field;
                    convert[2 * i + 1] = HASH_WORD;
                } else {
                    source[2 * i + 1] = field;
                    convert[2 * i + 1] = keyWord(checked.keyType(i), arguments.parameterType(field));
                }
            }
            if (checked.valueIndex() >= 0) {
                int field = checked.valueIndex();
                int position = checked.floating() ? positions - 1 : positions - 2;
                source[position] = field;
                convert[position] = MethodHandles.identity(checked.floating() ? double.class : long.class)
                        .asType(MethodType.methodType(checked.floating() ? double.class : long.class, arguments.parameterType(field)));
            }
            if (keys >= HITS.length) {
                return null; // the parser allows at most four keys; should that change, the encoded path counts
            }
            MethodHandle update = HITS[keys].bindTo(table);
            for (int p = positions - 1; p >= 0; p--) {
                if (source[p] < 0) {
                    update = MethodHandles.insertArguments(update, p, constant[p]);
                }
            }
            int taken = 0;
            int[] reorder = new int[positions];
            for (int p = 0; p < positions; p++) {
                if (source[p] >= 0) {
                    if (convert[p] != null) {
                        update = MethodHandles.filterArguments(update, taken, convert[p]);
                    } else {
                        update = update.asType(update.type().changeParameterType(taken, arguments.parameterType(source[p])));
                    }
                    reorder[taken++] = source[p];
                }
            }
            MethodType wanted = arguments.changeReturnType(boolean.class);
            update = MethodHandles.permuteArguments(update, wanted, java.util.Arrays.copyOf(reorder, taken));
            if (filter == null) {
                return update;
            }
            MethodHandle skip = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, wanted.parameterList());
            return MethodHandles.guardWithTest(filter.asType(wanted), update, skip);
        }

        /** Whether a tracepoint's parameter of Java type {@code java} carries a field of {@code type}. */
        private static boolean fits(FieldType type, Class<?> java) {
            return switch (type) {
                case BOOLEAN -> java == boolean.class;
                case BYTE -> java == byte.class;
                case SHORT -> java == short.class;
                case CHAR -> java == char.class;
                case INT -> java == int.class;
                case LONG -> java == long.class;
                case FLOAT -> java == float.class;
                case DOUBLE -> java == double.class;
                case STRING -> java == String.class;
                case BYTES -> java == byte[].class;
                case ENUM -> Enum.class.isAssignableFrom(java);
            };
        }

        /** {@code (P)long}: a key argument's word, as {@code AggregationTable.scalar} reads it from the encoded event. */
        private static MethodHandle keyWord(FieldType type, Class<?> java) {
            MethodType to = MethodType.methodType(long.class, java);
            return switch (type) {
                case BOOLEAN -> BOOLEAN_WORD;
                case FLOAT -> FLOAT_WORD;
                case DOUBLE -> DOUBLE_WORD;
                case ENUM -> ORDINAL.asType(to);
                default -> MethodHandles.identity(long.class).asType(to); // byte, short, char, int: widened as the encoded read is
            };
        }

        private static String nullAsEmpty(String s) {
            return s == null ? "" : s;
        }

        private static long ordinal(Enum<?> constant) {
            return constant == null ? -1 : constant.ordinal();
        }

        private static long booleanWord(boolean value) {
            return value ? 1 : 0;
        }

        private static long floatWord(float value) {
            return Float.floatToIntBits(value);
        }

        private static long doubleWord(double value) {
            return Double.doubleToLongBits(value);
        }

        @Override
        public String toString() {
            return "AggregatingTarget[" + checked + "]";
        }
    }
}
