package io.waymark.tools.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.waymark.spi.aggregate.Aggregation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code waymark aggregate <pid> <session> <spec>} adds an aggregation; {@code waymark agg <pid> [session]}
 * prints the aggregations' counters (docs/aggregations.md). The target keeps cumulative counters; this command
 * subtracts its own previous reading for {@code --interval}, so any number of readers coexist.
 */
public final class AggCommands {

    private AggCommands() {}

    /** {@code waymark aggregate <pid> <session> <spec>}. */
    @Command(name = "aggregate", mixinStandardHelpOptions = true,
            description = "Adds an aggregation to session <session> (docs/aggregations.md): [name =] provider:event[filter] "
                    + "function [by (key, ...)], functions count(), sum(f), min(f), max(f), avg(f), hist(f), lhist(f, from, to, step). "
                    + "A session created with --backend none only aggregates.")
    public static final class Aggregate extends SessionCommands.OnSession {

        @Parameters(index = "2", paramLabel = "<spec>", description = "e.g. 'slow = shop:responseSent[status >= 500] hist(micros) "
                + "by (method)' (quote it in the shell).")
        private String spec;

        /** For picocli. */
        public Aggregate() {}

        @Override
        void check() throws CommandException {
            try {
                Aggregation.parse(spec);
            } catch (IllegalArgumentException e) {
                throw new CommandException(e.getMessage() + "; quote it in the shell", e);
            }
        }

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            client.session(session);
            String name = client.aggregate(session, spec.trim());
            printSession(client, out, "Session '" + session + "' of JVM " + pid + ": aggregation '" + name + "' added; "
                    + "read it with waymark agg " + pid + " " + session);
        }
    }

    /** {@code waymark agg <pid> [session] [--json] [--interval 1s [--count n]]}. */
    @Command(name = "agg", mixinStandardHelpOptions = true,
            description = {"Prints the aggregations of JVM <pid> (or of one session): histograms in bpftrace's layout, other "
                    + "functions as @name[key]: value, each aggregation with its keys, dropped and truncated counts.",
                "With --interval, prints what was counted in each interval (this reader's own: other readers are not disturbed)."})
    public static final class Agg extends AttachingCommand {

        @Parameters(index = "1", arity = "0..1", paramLabel = "<session>", description = "Only this session.")
        private String session;

        @Option(names = "--interval", paramLabel = "<duration>", description = "Print every <duration> (e.g. 1s, 500ms, 1m) "
                + "what was counted since the previous print.")
        private String interval;

        @Option(names = "--count", paramLabel = "<n>", defaultValue = "0", description = "With --interval: stop after <n> prints "
                + "(default: until interrupted).")
        private int count;

        private Duration period;

        /** For picocli. */
        public Agg() {}

        @Override
        void check() throws CommandException {
            if (interval != null) {
                period = duration(interval);
            } else if (count != 0) {
                throw new CommandException("--count " + count + " needs --interval, e.g. --interval 1s --count " + count);
            }
            if (count < 0) {
                throw new CommandException("--count " + count + " is negative; give the number of prints, or leave it out");
            }
        }

        static Duration duration(String text) throws CommandException {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                Duration d;
                if (t.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                } else if (t.endsWith("s")) {
                    d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
                } else if (t.endsWith("m")) {
                    d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
                } else {
                    d = Duration.ofSeconds(Long.parseLong(t));
                }
                if (d.toMillis() >= 10 && d.toHours() < 24) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new CommandException("--interval '" + text + "' is not a duration from 10ms to 24h; write it as 500ms, 1s or 1m");
        }

        @Override
        void run(TracingClient client, PrintWriter out) throws CommandException {
            List<String> sessions = new ArrayList<>();
            if (session != null) {
                sessions.add(Output.string(client.session(session), "name"));
            } else {
                client.sessions().forEach(s -> sessions.add(Output.string(s, "name")));
            }
            if (period == null) {
                print(read(client, sessions), Map.of(), out);
                return;
            }
            Map<String, Reading> previous = read(client, sessions);
            for (int n = 0; count == 0 || n < count; n++) {
                try {
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Map<String, Reading> now = read(client, sessions);
                if (!json) {
                    out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")));
                }
                print(now, previous, out);
                out.flush();
                previous = now;
            }
        }

        /** Every aggregation of the sessions, by "session/name", in order. */
        private static Map<String, Reading> read(TracingClient client, List<String> sessions) throws CommandException {
            Map<String, Reading> result = new java.util.LinkedHashMap<>();
            for (String s : sessions) {
                for (String spec : client.aggregations(s)) {
                    String name = spec.substring(0, spec.indexOf(" = "));
                    result.put(s + "/" + name, Reading.of(s, client.aggregation(s, name)));
                }
            }
            return result;
        }

        private void print(Map<String, Reading> now, Map<String, Reading> before, PrintWriter out) {
            if (now.isEmpty() && !json) {
                out.println("no aggregations" + (session == null ? " in JVM " + pid : " in session '" + session + "'")
                        + "; add one with waymark aggregate " + pid + " <session> '<spec>'");
                return;
            }
            for (Map.Entry<String, Reading> e : now.entrySet()) {
                Reading reading = e.getValue().since(before.get(e.getKey()));
                if (json) {
                    printJson(reading, out);
                } else {
                    printText(reading, out);
                }
            }
        }
    }

    /** One reading of one aggregation, as the MXBean gave it (or the difference of two). */
    record Reading(String session, String name, String spec, String function, List<String> keyNames, int capacity, long dropped,
            long truncated, long[] bounds, List<Key> keys) {

        static Reading of(String session, CompositeData data) {
            List<Key> keys = new ArrayList<>();
            for (CompositeData entry : (CompositeData[]) data.get("entries")) {
                keys.add(new Key((Integer) entry.get("id"), (String[]) entry.get("key"), (Boolean) entry.get("truncated"),
                        (Long) entry.get("count"), (String) entry.get("sum"), (String) entry.get("min"), (String) entry.get("max"),
                        (long[]) entry.get("buckets")));
            }
            return new Reading(session, (String) data.get("name"), (String) data.get("spec"), (String) data.get("function"),
                    List.of((String[]) data.get("keyNames")), (Integer) data.get("capacity"), (Long) data.get("droppedKeys"),
                    (Long) data.get("truncatedKeys"), (long[]) data.get("bucketBounds"), keys);
        }

        /** What was counted since {@code earlier}; keys that counted nothing left out. */
        Reading since(Reading earlier) {
            if (earlier == null || !earlier.spec.equals(spec)) {
                return this;
            }
            Map<Integer, Key> then = new HashMap<>();
            earlier.keys.forEach(k -> then.put(k.id(), k));
            List<Key> delta = new ArrayList<>();
            for (Key k : keys) {
                Key old = then.get(k.id());
                if (old == null) {
                    if (moved(k.count(), k.sum(), k.buckets())) {
                        delta.add(k);
                    }
                    continue;
                }
                long[] buckets = k.buckets().clone();
                for (int i = 0; i < buckets.length && i < old.buckets().length; i++) {
                    buckets[i] -= old.buckets()[i];
                }
                String sum = minus(k.sum(), old.sum());
                // left out only when nothing moved: a reading may see a value before its count (the target adds the count last)
                if (moved(k.count() - old.count(), sum, buckets)) {
                    delta.add(new Key(k.id(), k.key(), k.truncated(), k.count() - old.count(), sum, k.min(), k.max(), buckets));
                }
            }
            return new Reading(session, name, spec, function, keyNames, capacity, dropped - earlier.dropped,
                    truncated - earlier.truncated, bounds, delta);
        }

        private static boolean moved(long count, String sum, long[] buckets) {
            if (count != 0 || (!sum.isEmpty() && Double.parseDouble(sum) != 0)) {
                return true;
            }
            for (long b : buckets) {
                if (b != 0) {
                    return true;
                }
            }
            return false;
        }

        private static String minus(String now, String then) {
            if (now.isEmpty() || then.isEmpty()) {
                return now;
            }
            if (now.contains(".") || now.contains("E") || now.contains("N") || now.contains("I")) {
                return String.valueOf(Double.parseDouble(now) - Double.parseDouble(then));
            }
            return new java.math.BigInteger(now).subtract(new java.math.BigInteger(then)).toString();
        }
    }

    /** One key's counters. */
    record Key(int id, String[] key, boolean truncated, long count, String sum, String min, String max, long[] buckets) {

        String label() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < key.length; i++) {
                parts.add(key[i] == null ? "null" : key[i] + (truncated && i == key.length - 1 ? "" : ""));
            }
            return parts.isEmpty() ? "" : "[" + String.join(", ", parts) + (truncated ? "..." : "") + "]";
        }

        /** The function's value for printing and sorting. */
        double value(String function) {
            return switch (function) {
                case "count", "hist", "lhist" -> count;
                case "sum" -> sum.isEmpty() ? 0 : Double.parseDouble(sum);
                case "min" -> min.isEmpty() ? 0 : Double.parseDouble(min);
                case "max" -> max.isEmpty() ? 0 : Double.parseDouble(max);
                case "avg" -> count == 0 || sum.isEmpty() ? Double.NaN : Double.parseDouble(sum) / count;
                default -> count;
            };
        }

        String valueText(String function) {
            return switch (function) {
                case "count" -> String.valueOf(count);
                case "sum" -> sum;
                case "min" -> min;
                case "max" -> max;
                case "avg" -> count == 0 ? "-" : avgText(sum, count);
                default -> String.valueOf(count);
            };
        }
    }

    private static String avgText(String sum, long count) {
        if (!sum.contains(".") && !sum.contains("E")) {
            return new java.math.BigInteger(sum).divide(java.math.BigInteger.valueOf(count)).toString(); // bpftrace's integer avg
        }
        return String.valueOf(Double.parseDouble(sum) / count);
    }

    /** The upper bound of the bucket holding the {@code fraction} quantile, never above the exact max. */
    static String percentile(Key key, long[] bounds, double fraction) {
        long total = 0;
        for (long b : key.buckets()) {
            total += b;
        }
        if (total == 0) {
            return "-";
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < key.buckets().length; i++) {
            seen += key.buckets()[i];
            if (seen >= rank) {
                long high = bounds[i + 1];
                if (!key.max().isEmpty() && high > Double.parseDouble(key.max())) {
                    return key.max();
                }
                return high == Long.MAX_VALUE ? "inf" : String.valueOf(high);
            }
        }
        return "-";
    }

    static void printText(Reading r, PrintWriter out) {
        out.println("@" + r.name() + " (session " + r.session() + "): " + r.spec().substring(r.spec().indexOf(" = ") + 3));
        out.println("  keys " + r.keys().size() + "/" + r.capacity() + ", dropped " + r.dropped() + ", truncated " + r.truncated());
        boolean histogram = r.function().equals("hist") || r.function().equals("lhist");
        List<Key> keys = new ArrayList<>(r.keys());
        keys.sort(Comparator.comparingDouble(k -> k.value(r.function()))); // bpftrace prints the largest last
        for (Key key : keys) {
            if (!histogram) {
                out.println("@" + r.name() + key.label() + ": " + key.valueText(r.function()));
                continue;
            }
            out.println("@" + r.name() + key.label() + ": count " + key.count() + ", p50 " + percentile(key, r.bounds(), 0.5)
                    + ", p90 " + percentile(key, r.bounds(), 0.9) + ", p99 " + percentile(key, r.bounds(), 0.99)
                    + ", max " + (key.max().isEmpty() ? "-" : key.max()));
            histogram(key, r.bounds(), out);
        }
        out.println();
    }

    /** bpftrace's layout: {@code [lo, hi)  count |@@@@   |}, from the first to the last bucket that counted anything. */
    static void histogram(Key key, long[] bounds, PrintWriter out) {
        long[] buckets = key.buckets();
        int first = -1;
        int last = -1;
        long most = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != 0) {
                first = first < 0 ? i : first;
                last = i;
                most = Math.max(most, buckets[i]);
            }
        }
        if (first < 0) {
            return;
        }
        List<String> labels = new ArrayList<>();
        int width = 0;
        for (int i = first; i <= last; i++) {
            String lo = bounds[i] == Long.MIN_VALUE ? "..." : String.valueOf(bounds[i]);
            String hi = bounds[i + 1] == Long.MAX_VALUE ? "..." : String.valueOf(bounds[i + 1]);
            String label = bounds[i] == Long.MIN_VALUE ? "(..., " + hi + ")" : "[" + lo + ", " + hi + ")";
            labels.add(label);
            width = Math.max(width, label.length());
        }
        for (int i = first; i <= last; i++) {
            int bar = (int) (buckets[i] * 52 / most);
            out.println(String.format(Locale.ROOT, "%-" + width + "s %12d |%-52s|", labels.get(i - first), buckets[i],
                    "@".repeat(bar)));
        }
    }

    static void printJson(Reading r, PrintWriter out) {
        // one compact object per line: per key, then the aggregation's own counters
        try {
            for (Key key : r.keys()) {
                out.println(compact(json -> {
                    json.writeStartObject();
                    json.writeStringField("session", r.session());
                    json.writeStringField("aggregation", r.name());
                    json.writeStringField("function", r.function());
                    json.writeObjectFieldStart("key");
                    for (int i = 0; i < r.keyNames().size(); i++) {
                        json.writeStringField(r.keyNames().get(i), key.key()[i]);
                    }
                    json.writeEndObject();
                    json.writeBooleanField("truncated", key.truncated());
                    json.writeNumberField("count", key.count());
                    number(json, "sum", key.sum());
                    number(json, "min", key.min());
                    number(json, "max", key.max());
                    if (!key.sum().isEmpty() && key.count() > 0) {
                        json.writeNumberField("avg", Double.parseDouble(key.sum()) / key.count());
                    }
                    if (key.buckets().length > 0) {
                        for (double p : new double[] {0.5, 0.9, 0.99}) {
                            String v = percentile(key, r.bounds(), p);
                            json.writeFieldName("p" + Math.round(p * 100));
                            if (v.equals("-") || v.equals("inf")) {
                                json.writeString(v);
                            } else {
                                json.writeNumber(v);
                            }
                        }
                        json.writeArrayFieldStart("buckets");
                        for (int i = 0; i < key.buckets().length; i++) {
                            if (key.buckets()[i] == 0) {
                                continue;
                            }
                            json.writeStartObject();
                            bound(json, "lo", r.bounds()[i]);
                            bound(json, "hi", r.bounds()[i + 1]);
                            json.writeNumberField("count", key.buckets()[i]);
                            json.writeEndObject();
                        }
                        json.writeEndArray();
                    }
                    json.writeEndObject();
                }));
            }
            out.println(compact(json -> {
                json.writeStartObject();
                json.writeStringField("session", r.session());
                json.writeStringField("aggregation", r.name());
                json.writeStringField("spec", r.spec());
                json.writeNumberField("keys", r.keys().size());
                json.writeNumberField("capacity", r.capacity());
                json.writeNumberField("droppedKeys", r.dropped());
                json.writeNumberField("truncatedKeys", r.truncated());
                json.writeEndObject();
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void number(JsonGenerator json, String field, String value) throws IOException {
        if (!value.isEmpty()) {
            json.writeFieldName(field);
            json.writeNumber(value);
        }
    }

    private static void bound(JsonGenerator json, String field, long value) throws IOException {
        if (value == Long.MIN_VALUE || value == Long.MAX_VALUE) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }

    private static String compact(Output.JsonBody body) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new com.fasterxml.jackson.core.JsonFactory().createGenerator(text)) {
            body.write(json);
        }
        return text.toString();
    }
}
