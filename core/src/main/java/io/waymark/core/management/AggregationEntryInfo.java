package io.waymark.core.management;

import javax.management.openmbean.CompositeData;

/** One key's raw counters in an {@link AggregationInfo}. */
public final class AggregationEntryInfo {

    private final int id;
    private final String[] key;
    private final boolean truncated;
    private final long count;
    private final String sum;
    private final String min;
    private final String max;
    private final long[] buckets;

    /** See the getters for each value. */
    public AggregationEntryInfo(int id, String[] key, boolean truncated, long count, String sum, String min, String max, long[] buckets) {
        this.id = id;
        this.key = key.clone();
        this.truncated = truncated;
        this.count = count;
        this.sum = sum;
        this.min = min;
        this.max = max;
        this.buckets = buckets.clone();
    }

    /** Reads the open-type form back; the MXBean framework calls it. */
    public static AggregationEntryInfo from(CompositeData data) {
        return new AggregationEntryInfo((Integer) data.get("id"), (String[]) data.get("key"), (Boolean) data.get("truncated"),
                (Long) data.get("count"), (String) data.get("sum"), (String) data.get("min"), (String) data.get("max"),
                (long[]) data.get("buckets"));
    }

    /** The key's entry in the table, the same for the aggregation's life. */
    public int getId() {
        return id;
    }

    /** The key's values as text, in the order of {@link AggregationInfo#getKeyNames()}; {@code null} for a null enum. */
    public String[] getKey() {
        return key.clone();
    }

    /** Whether a string key was cut to the table's key width. */
    public boolean isTruncated() {
        return truncated;
    }

    /** Events counted under the key. */
    public long getCount() {
        return count;
    }

    /** The sum of the field, exact, as a decimal number; empty when not tracked. */
    public String getSum() {
        return sum;
    }

    /** The least value since the aggregation was created; empty when not tracked. */
    public String getMin() {
        return min;
    }

    /** The greatest value since the aggregation was created; empty when not tracked. */
    public String getMax() {
        return max;
    }

    /** Counts per histogram bucket ({@link AggregationInfo#getBucketBounds()}); empty for other functions. */
    public long[] getBuckets() {
        return buckets.clone();
    }
}
