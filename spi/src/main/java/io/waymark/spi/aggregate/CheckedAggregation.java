package io.waymark.spi.aggregate;

import io.waymark.spi.EventType;
import io.waymark.spi.FieldType;
import io.waymark.spi.filter.CheckedFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aggregation checked against one event type ({@link Aggregation#check}): its value field and
 * keys resolved to field indexes, its guard compiled. Immutable.
 */
public final class CheckedAggregation {

    private final Aggregation aggregation;
    private final EventType type;
    private final int valueIndex;
    private final FieldType valueType;
    private final int[] keyIndexes;
    private final CheckedFilter guard;

    CheckedAggregation(Aggregation aggregation, EventType type, int valueIndex, FieldType valueType, int[] keyIndexes,
            CheckedFilter guard) {
        this.aggregation = aggregation;
        this.type = type;
        this.valueIndex = valueIndex;
        this.valueType = valueType;
        this.keyIndexes = keyIndexes.clone();
        this.guard = guard;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    public EventType type() {
        return type;
    }

    /** The aggregated field's index, {@code -1} for {@code count()}. */
    public int valueIndex() {
        return valueIndex;
    }

    /** The aggregated field's type, {@code null} for {@code count()}. */
    public FieldType valueType() {
        return valueType;
    }

    /** Whether the aggregated field is a {@code float} or a {@code double}. */
    public boolean floating() {
        return valueType != null && Aggregation.isFloating(valueType);
    }

    /** The number of keys. */
    public int keyCount() {
        return keyIndexes.length;
    }

    /** Key {@code i}'s field index, {@code -1} for {@link Aggregation#EVENT_KEY}. */
    public int keyIndex(int i) {
        return keyIndexes[i];
    }

    /** Key {@code i}'s type; {@code null} for {@link Aggregation#EVENT_KEY}. */
    public FieldType keyType(int i) {
        return keyIndexes[i] < 0 ? null : type.field(keyIndexes[i]).type();
    }

    /** The compiled guard, or {@code null} when the aggregation has no filter. */
    public CheckedFilter guard() {
        return guard;
    }

    /** What the guard's check found worth saying (an UNSTABLE event's fields). */
    public List<String> warnings() {
        return guard == null ? List.of() : new ArrayList<>(guard.warnings());
    }

    @Override
    public String toString() {
        return aggregation + " on " + type.qualifiedName();
    }
}
