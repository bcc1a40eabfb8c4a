package io.waymark.core.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.waymark.Level;
import io.waymark.Stability;
import io.waymark.core.AggregationSnapshot;
import io.waymark.spi.EventType;
import io.waymark.spi.FieldDescriptor;
import io.waymark.spi.FieldType;
import io.waymark.spi.aggregate.Aggregation;
import io.waymark.spi.aggregate.CheckedAggregation;
import io.waymark.spi.wire.EventDecoder;
import io.waymark.spi.wire.RecordEncoder;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * jcstress tests of {@link AggregationTable} (issue 18): publication of a new key raced for through both
 * paths (the tracepoint's arguments and the encoded event), a full table, an interval read while a thread
 * counts. Each test's state is a fresh table.
 */
public final class AggregationTableStress {

    private AggregationTableStress() {}

    static final EventType TYPE = new EventType("stress.agg", "hit", 1, Stability.STABLE, Level.INFO, List.of(
            FieldDescriptor.of("key", FieldType.STRING), FieldDescriptor.ofEnum("method", "Method", List.of("CARD", "CASH")),
            FieldDescriptor.of("n", FieldType.LONG)));
    static final CheckedAggregation COUNT = Aggregation.parse("stress.agg:hit count() by (key, method)").check(TYPE);
    static final CheckedAggregation SUM = Aggregation.parse("stress.agg:hit sum(n) by (key, method)").check(TYPE);

    static byte[] record(String key, int method, long n) {
        return RecordEncoder.encode(TYPE, 0, 1, 7, Arrays.asList(key, method, n));
    }

    static final byte[] KEY_A = record("key-a", 1, 5);
    static final byte[] KEY_B = record("key-b", 1, 5);

    /** Key words as the arguments path passes them: string keys in s0/s1, the enum's ordinal in w1. */
    static void arguments(AggregationTable table, String key, long ordinal, long n) {
        table.updateArguments(key, 0, null, ordinal, null, 0, null, 0, n, 0);
    }

    static void encoded(AggregationTable table, CheckedAggregation checked, byte[] record) {
        table.update(new EventDecoder().wrap(TYPE, record, 0), checked, 0);
    }

    static long total(AggregationSnapshot snapshot) {
        return snapshot.entries().stream().mapToLong(AggregationSnapshot.Entry::count).sum();
    }

    /** The sums of the entries (an entry left out of an interval where nothing moved adds nothing). */
    static long sum(AggregationSnapshot snapshot) {
        return snapshot.entries().stream().mapToLong(e -> e.sum().longValue()).sum();
    }

    @State
    public static class Table {
        final AggregationTable table;
        final CheckedAggregation checked;

        Table(CheckedAggregation checked, int capacity) {
            this(checked, capacity, 2);
        }

        Table(CheckedAggregation checked, int capacity, int stripes) {
            this.checked = checked;
            this.table = new AggregationTable(checked, capacity, 16, stripes);
            table.typeIndex(TYPE);
        }

        public Table() {
            this(SUM, 16);
        }
    }

    /** One new key, reached through the arguments and through the encoded event at once: stored once, both counted. */
    @JCStressTest
    @Outcome(id = "1, 2, 10, 0", expect = ACCEPTABLE, desc = "one entry, both events, both values")
    @Outcome(id = "1, 1, 5, 1", expect = ACCEPTABLE_INTERESTING, desc = "the claimer descheduled past the bounded wait: "
            + "the other event counted in droppedKeys (documented)")
    @Outcome(expect = FORBIDDEN, desc = "the key stored twice, or an event neither counted nor dropped")
    public static class NewKeyThroughBothPaths {
        @Actor
        public void arguments(Table t) {
            AggregationTableStress.arguments(t.table, new String("key-a".toCharArray()), 1, 5);
        }

        @Actor
        public void encoded(Table t) {
            AggregationTableStress.encoded(t.table, t.checked, KEY_A);
        }

        @Arbiter
        public void arbiter(Table t, JJJJ_Result r) {
            AggregationSnapshot s = t.table.snapshot("s");
            r.r1 = s.entries().size();
            r.r2 = total(s);
            r.r3 = s.entries().isEmpty() ? -1 : s.entries().get(0).sum().longValue();
            r.r4 = s.droppedKeys();
        }
    }

    /** One new key, two threads through the arguments with different instances of the string. */
    @JCStressTest
    @Outcome(id = "1, 2, 10, 0", expect = ACCEPTABLE, desc = "one entry, both events, both values")
    @Outcome(id = "1, 1, 5, 1", expect = ACCEPTABLE_INTERESTING, desc = "the claimer descheduled past the bounded wait: "
            + "the other event counted in droppedKeys (documented)")
    @Outcome(expect = FORBIDDEN, desc = "the key stored twice, or an event neither counted nor dropped")
    public static class NewKeyThroughArguments {
        @Actor
        public void first(Table t) {
            arguments(t.table, new String("key-a".toCharArray()), 1, 5);
        }

        @Actor
        public void second(Table t) {
            arguments(t.table, new String("key-a".toCharArray()), 1, 5);
        }

        @Arbiter
        public void arbiter(Table t, JJJJ_Result r) {
            AggregationSnapshot s = t.table.snapshot("s");
            r.r1 = s.entries().size();
            r.r2 = total(s);
            r.r3 = s.entries().isEmpty() ? -1 : s.entries().get(0).sum().longValue();
            r.r4 = s.droppedKeys();
        }
    }

    @State
    public static class OneKeyTable extends Table {
        public OneKeyTable() {
            super(COUNT, 1);
        }
    }

    /** A table of one key, two new keys at once: one is stored, the other counted as dropped. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "one key stored and counted, one dropped")
    @Outcome(expect = FORBIDDEN, desc = "more keys than the capacity, or an event neither counted nor dropped")
    public static class FullTable {
        @Actor
        public void arguments(OneKeyTable t) {
            AggregationTableStress.arguments(t.table, "key-a", 1, 5);
        }

        @Actor
        public void encoded(OneKeyTable t) {
            AggregationTableStress.encoded(t.table, t.checked, KEY_B);
        }

        @Arbiter
        public void arbiter(OneKeyTable t, JJJ_Result r) {
            AggregationSnapshot s = t.table.snapshot("s");
            r.r1 = s.entries().size();
            r.r2 = total(s);
            r.r3 = s.droppedKeys();
        }
    }

    @State
    public static class ExistingKeyTable extends Table {
        final String key = "key-a";
        final AggregationSnapshot start;
        /** The reader's reading, for the arbiter (which runs after both actors). */
        AggregationSnapshot interval;

        public ExistingKeyTable() {
            super(SUM, 16);
            arguments(table, key, 1, 5);
            start = table.snapshot("s");
        }
    }

    /** An interval read while a thread counts: the event falls in this interval or the next, never both or neither. */
    @JCStressTest
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "counted in the next interval")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "counted in this interval")
    @Outcome(expect = FORBIDDEN, desc = "lost or counted twice")
    public static class IntervalWhileCounting {
        @Actor
        public void count(ExistingKeyTable t) {
            arguments(t.table, t.key, 1, 5);
        }

        @Actor
        public void read(ExistingKeyTable t, JJ_Result r) {
            AggregationSnapshot now = t.table.snapshot("s");
            r.r1 = total(now.since(t.start));
            t.interval = now;
        }

        @Arbiter
        public void arbiter(ExistingKeyTable t, JJ_Result r) {
            r.r2 = total(t.table.snapshot("s").since(t.interval));
        }
    }

    /**
     * One owned stripe and one shared stripe, a key made through the encoded path (so that no thread owns the
     * stripe yet): the counting threads race to own it.
     */
    @State
    public static class OneStripeTable extends Table {
        final String key = "key-a";
        final AggregationSnapshot start;
        AggregationSnapshot interval;

        public OneStripeTable() {
            super(SUM, 16, 1);
            encoded(table, checked, KEY_A);
            start = table.snapshot("s");
        }
    }

    /**
     * Two threads count an existing key on a table of one owned stripe: one owns it (plain stores), the other adds on
     * the shared stripe, whoever claimed first. Both events counted, with their values.
     */
    @JCStressTest
    @Outcome(id = "3, 15", expect = ACCEPTABLE, desc = "both events counted once, with their values")
    @Outcome(expect = FORBIDDEN, desc = "an event lost or counted twice (two owners, or a plain store on the shared stripe)")
    public static class OwnedAndSharedStripe {
        @Actor
        public void first(OneStripeTable t) {
            arguments(t.table, t.key, 1, 5);
        }

        @Actor
        public void second(OneStripeTable t) {
            arguments(t.table, t.key, 1, 5);
        }

        @Arbiter
        public void arbiter(OneStripeTable t, JJ_Result r) {
            AggregationSnapshot s = t.table.snapshot("s");
            r.r1 = total(s);
            r.r2 = sum(s);
        }
    }

    /**
     * An interval read while a thread counts on the stripe it owns (plain stores, the count last with a release
     * store): the event falls in this interval or the next, and an interval that has its count has its value.
     */
    @JCStressTest
    @Outcome(id = "0, 0, 1, 5", expect = ACCEPTABLE, desc = "counted in the next interval")
    @Outcome(id = "1, 5, 0, 0", expect = ACCEPTABLE, desc = "counted in this interval")
    @Outcome(id = "0, 5, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "the value read after it was added, the count before: "
            + "the count is read first and written last, so a count is never seen without its value")
    @Outcome(expect = FORBIDDEN, desc = "lost, counted twice, or a count seen without its value")
    public static class IntervalWhileCountingOnAnOwnedStripe {
        @Actor
        public void count(OneStripeTable t) {
            arguments(t.table, t.key, 1, 5);
        }

        @Actor
        public void read(OneStripeTable t, JJJJ_Result r) {
            AggregationSnapshot now = t.table.snapshot("s");
            AggregationSnapshot since = now.since(t.start);
            r.r1 = total(since);
            r.r2 = sum(since);
            t.interval = now;
        }

        @Arbiter
        public void arbiter(OneStripeTable t, JJJJ_Result r) {
            AggregationSnapshot since = t.table.snapshot("s").since(t.interval);
            r.r3 = total(since);
            r.r4 = sum(since);
        }
    }
}
