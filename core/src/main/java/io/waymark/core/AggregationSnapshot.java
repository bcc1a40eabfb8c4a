package io.waymark.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The raw counters of one aggregation ({@code docs/aggregations.md}), read by
 * {@link Session#aggregation(String)}. Counters are cumulative since the aggregation was created and
 * never reset in the process: each reader takes its own intervals with {@link #since}, so two readers
 * never steal each other's counts, and the counts of consecutive intervals add up exactly to the events
 * delivered. Every snapshot says how many keys did not fit ({@link #droppedKeys}) and how many events
 * had a string key cut to the table's key width ({@link #truncatedKeys}).
 *
 * @param name the aggregation's name
 * @param spec the aggregation in canonical form
 * @param function {@code count}, {@code sum}, {@code min}, {@code max}, {@code avg}, {@code hist} or {@code lhist}
 * @param keyNames the keys' names ({@code event()} for the event's name)
 * @param capacity how many keys the table holds
 * @param keyBytes how many bytes of a string key the table keeps
 * @param droppedKeys events whose key was new when the table was full, or whose key's slot another thread was
 *     still claiming after a bounded wait (their values are not counted)
 * @param truncatedKeys events whose string key was longer than {@code keyBytes} (counted under the cut key)
 * @param bucketBounds for {@code hist} and {@code lhist}: the lower bound of each bucket, then the upper
 *     bound of the last one ({@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} for the open ends); empty otherwise
 * @param entries one per key, in the order the keys first appeared
 */
public record AggregationSnapshot(String name, String spec, String function, List<String> keyNames, int capacity, int keyBytes,
        long droppedKeys, long truncatedKeys, List<Long> bucketBounds, List<Entry> entries) {

    public AggregationSnapshot {
        Objects.requireNonNull(name, "name");
        keyNames = List.copyOf(keyNames);
        bucketBounds = List.copyOf(bucketBounds);
        entries = List.copyOf(entries);
    }

    /**
     * One key's counters.
     *
     * @param id the key's entry in the table, stable for the aggregation's life (what {@link #since} matches on)
     * @param key the key's values in {@link #keyNames} order: {@link Long}, {@link Double}, {@link Boolean},
     *     {@link Character}, {@link String} (enum labels, event names; a null enum as {@code null})
     * @param truncated whether a string key was cut to the table's key width
     * @param count events counted under the key
     * @param sum the sum of the field ({@link Long} or {@link Double}), {@code null} when not tracked
     * @param min the least value seen since the aggregation was created, {@code null} when not tracked or none
     * @param max the greatest value seen since the aggregation was created, {@code null} when not tracked or none
     * @param buckets the histogram's counts per bucket ({@link AggregationSnapshot#bucketBounds}); empty otherwise
     */
    public record Entry(int id, List<Object> key, boolean truncated, long count, Number sum, Number min, Number max,
            List<Long> buckets) {

        public Entry {
            key = java.util.Collections.unmodifiableList(new ArrayList<>(key)); // may hold null (a null enum)
            buckets = List.copyOf(buckets);
        }

        /** {@code sum / count}, or {@code NaN} when nothing was counted or no sum is tracked. */
        public double average() {
            return sum == null || count == 0 ? Double.NaN : sum.doubleValue() / count;
        }
    }

    /**
     * The counts since {@code earlier}, a snapshot of the same aggregation taken before by the same reader:
     * counts, sums and buckets are differences (exact: nothing lost, nothing counted twice), keys where
     * nothing moved in between are left out; {@code min} and {@code max} stay those since creation.
     */
    public AggregationSnapshot since(AggregationSnapshot earlier) {
        if (earlier == null) {
            return this;
        }
        if (!earlier.spec.equals(spec)) {
            throw new IllegalArgumentException("snapshot of '" + earlier.spec + "' is not an earlier snapshot of '" + spec + "'");
        }
        Map<Integer, Entry> before = new HashMap<>();
        earlier.entries.forEach(e -> before.put(e.id(), e));
        List<Entry> delta = new ArrayList<>();
        for (Entry now : entries) {
            Entry then = before.get(now.id());
            if (then == null) {
                if (changed(now.count(), now.sum(), now.buckets())) {
                    delta.add(now);
                }
                continue;
            }
            long count = now.count() - then.count();
            List<Long> buckets = new ArrayList<>(now.buckets().size());
            for (int i = 0; i < now.buckets().size(); i++) {
                buckets.add(now.buckets().get(i) - then.buckets().get(i));
            }
            Number sum = minus(now.sum(), then.sum());
            // left out only when nothing moved: a reading may see a value before its count (the count is added last)
            if (changed(count, sum, buckets)) {
                delta.add(new Entry(now.id(), now.key(), now.truncated(), count, sum, now.min(), now.max(), buckets));
            }
        }
        return new AggregationSnapshot(name, spec, function, keyNames, capacity, keyBytes, droppedKeys - earlier.droppedKeys,
                truncatedKeys - earlier.truncatedKeys, bucketBounds, delta);
    }

    private static boolean changed(long count, Number sum, List<Long> buckets) {
        if (count != 0 || (sum != null && sum.doubleValue() != 0)) {
            return true;
        }
        for (long b : buckets) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    private static Number minus(Number now, Number then) {
        if (now == null || then == null) {
            return now;
        }
        return now instanceof Double ? (Number) (now.doubleValue() - then.doubleValue()) : (Number) (now.longValue() - then.longValue());
    }

    /**
     * A percentile of a histogram entry (for example 0.99), as the upper bound of the bucket that holds it:
     * for {@code hist}, at most 12.5% above the true value (exact below 8); for {@code lhist}, within one step.
     * {@code NaN} when the entry counted nothing or the aggregation is no histogram.
     */
    public double percentile(Entry entry, double fraction) {
        if (bucketBounds.isEmpty() || entry.buckets().isEmpty()) {
            return Double.NaN;
        }
        long total = 0;
        for (long b : entry.buckets()) {
            total += b;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < entry.buckets().size(); i++) {
            seen += entry.buckets().get(i);
            if (seen >= Math.max(1, rank)) {
                long high = bucketBounds.get(i + 1);
                if (entry.max() != null && high > entry.max().doubleValue()) {
                    return entry.max().doubleValue(); // never above the exact maximum
                }
                return high == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : high;
            }
        }
        return Double.NaN;
    }
}
