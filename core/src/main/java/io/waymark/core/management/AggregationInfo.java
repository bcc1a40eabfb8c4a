package io.waymark.core.management;

import io.waymark.core.AggregationSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.management.openmbean.CompositeData;

/**
 * One aggregation's raw counters as {@link TracingMXBean#aggregation} gives them: cumulative since the
 * aggregation was created (a reader takes intervals by subtracting its previous reading, entry by
 * entry, matched on {@link AggregationEntryInfo#getId()}). A JMX client without this class sees a
 * {@link CompositeData} with the items {@code name}, {@code spec}, {@code function}, {@code keyNames},
 * {@code capacity}, {@code keyBytes}, {@code droppedKeys}, {@code truncatedKeys}, {@code bucketBounds}
 * and {@code entries} (each with {@code id}, {@code key}, {@code truncated}, {@code count}, {@code sum},
 * {@code min}, {@code max}, {@code buckets}).
 */
public final class AggregationInfo {

    private final String name;
    private final String spec;
    private final String function;
    private final List<String> keyNames;
    private final int capacity;
    private final int keyBytes;
    private final long droppedKeys;
    private final long truncatedKeys;
    private final long[] bucketBounds;
    private final List<AggregationEntryInfo> entries;

    /** See the getters for each value. */
    public AggregationInfo(String name, String spec, String function, List<String> keyNames, int capacity, int keyBytes,
            long droppedKeys, long truncatedKeys, long[] bucketBounds, List<AggregationEntryInfo> entries) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.function = Objects.requireNonNull(function, "function");
        this.keyNames = List.copyOf(keyNames);
        this.capacity = capacity;
        this.keyBytes = keyBytes;
        this.droppedKeys = droppedKeys;
        this.truncatedKeys = truncatedKeys;
        this.bucketBounds = bucketBounds.clone();
        this.entries = List.copyOf(entries);
    }

    /** The open form of a snapshot. */
    public static AggregationInfo of(AggregationSnapshot snapshot) {
        List<AggregationEntryInfo> entries = new ArrayList<>();
        for (AggregationSnapshot.Entry e : snapshot.entries()) {
            String[] key = new String[e.key().size()];
            for (int i = 0; i < key.length; i++) {
                key[i] = e.key().get(i) == null ? null : String.valueOf(e.key().get(i));
            }
            long[] buckets = e.buckets().stream().mapToLong(Long::longValue).toArray();
            entries.add(new AggregationEntryInfo(e.id(), key, e.truncated(), e.count(), text(e.sum()), text(e.min()), text(e.max()),
                    buckets));
        }
        return new AggregationInfo(snapshot.name(), snapshot.spec(), snapshot.function(), snapshot.keyNames(), snapshot.capacity(),
                snapshot.keyBytes(), snapshot.droppedKeys(), snapshot.truncatedKeys(),
                snapshot.bucketBounds().stream().mapToLong(Long::longValue).toArray(), entries);
    }

    private static String text(Number value) {
        return value == null ? "" : value.toString();
    }

    /** Reads the open-type form back; the MXBean framework calls it. */
    public static AggregationInfo from(CompositeData data) {
        List<AggregationEntryInfo> entries = new ArrayList<>();
        for (CompositeData entry : (CompositeData[]) data.get("entries")) {
            entries.add(AggregationEntryInfo.from(entry));
        }
        return new AggregationInfo((String) data.get("name"), (String) data.get("spec"), (String) data.get("function"),
                List.of((String[]) data.get("keyNames")), (Integer) data.get("capacity"), (Integer) data.get("keyBytes"),
                (Long) data.get("droppedKeys"), (Long) data.get("truncatedKeys"), (long[]) data.get("bucketBounds"), entries);
    }

    /** The aggregation's name. */
    public String getName() {
        return name;
    }

    /** The aggregation in canonical form, with its name. */
    public String getSpec() {
        return spec;
    }

    /** {@code count}, {@code sum}, {@code min}, {@code max}, {@code avg}, {@code hist} or {@code lhist}. */
    public String getFunction() {
        return function;
    }

    /** The keys' names, {@code event()} for the event's name. */
    public List<String> getKeyNames() {
        return keyNames;
    }

    /** How many keys the table holds. */
    public int getCapacity() {
        return capacity;
    }

    /** How many bytes of a string key the table keeps. */
    public int getKeyBytes() {
        return keyBytes;
    }

    /** Events whose key was new when the table was full: not counted. */
    public long getDroppedKeys() {
        return droppedKeys;
    }

    /** Events whose string key was cut to {@link #getKeyBytes()}: counted under the cut key. */
    public long getTruncatedKeys() {
        return truncatedKeys;
    }

    /**
     * For histograms, the lower bound of each bucket and then the upper bound of the last
     * ({@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} for the open ends); empty otherwise.
     */
    public long[] getBucketBounds() {
        return bucketBounds.clone();
    }

    /** One per key, in the order the keys first appeared. */
    public List<AggregationEntryInfo> getEntries() {
        return entries;
    }

    @Override
    public String toString() {
        return "AggregationInfo[" + spec + ", " + entries.size() + " keys, dropped " + droppedKeys + ", truncated " + truncatedKeys + "]";
    }
}
