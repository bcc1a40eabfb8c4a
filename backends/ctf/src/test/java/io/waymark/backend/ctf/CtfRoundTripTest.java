package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.ctftest.ShopEvents;
import io.waymark.ctftest.ShopEvents.Channel;
import io.waymark.spi.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through the real babeltrace2 and through {@link CtfTraceReader}. */
class CtfRoundTripTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    @TempDir
    Path dir;

    private final Sessions sessions = new Sessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void everyFieldTypeAndEnumRoundTrips() throws Exception {
        Path trace = dir.resolve("types");
        try (Session session = sessions.start(trace, Map.of(), "ctftest.shop:*")) {
            SHOP.allTypes(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.25, "héllo \"q\" ✓",
                    Channel.PHONE, new byte[] {1, -2, 127});
            SHOP.allTypes(false, Byte.MAX_VALUE, Short.MIN_VALUE, 'a', 42, Long.MIN_VALUE, -2.5f, 1e10, null, null, null);
            SHOP.orderPlaced(42, 3, "SKU-1");
            assertEquals(2, ((CtfBackend) session.backend()).argumentConsumers(),
                    "orderPlaced and tick record straight from their arguments, written in place (allTypes, of 11 fields, is encoded)");
        }
        List<String> lines = Babeltrace.events(trace);
        assertEquals(3, lines.size(), lines::toString);
        assertEquals(Map.ofEntries(Map.entry("flag", "1"), Map.entry("smallNumber", "-7"), Map.entry("mediumNumber", "-300"),
                Map.entry("letter", String.valueOf((int) 'λ')), Map.entry("count", "-2147483648"),
                Map.entry("total", "9223372036854775807"), Map.entry("ratio", "1.5"), Map.entry("precise", "-0.25"),
                Map.entry("text_length", String.valueOf("héllo \"q\" ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8).length)),
                Map.entry("text", "\"héllo \\\"q\\\" ✓\""), Map.entry("channel", "( \"PHONE\" : container = 2 )"),
                Map.entry("payload_length", "3"), Map.entry("payload", "[ [0] = 1, [1] = 254, [2] = 127 ]")),
                payload(lines.get(0)));
        assertTrue(lines.get(0).contains("ctftest.shop:allTypes: { tid = " + Thread.currentThread().getId()
                + ", schema_version = 1, flags = 0 }"), lines.get(0));
        Map<String, String> second = payload(lines.get(1));
        assertEquals("127", second.get("smallNumber"));
        assertEquals("-32768", second.get("mediumNumber"));
        assertEquals("-9223372036854775808", second.get("total"));
        assertEquals("-2.5", second.get("ratio"));
        assertEquals("1e+10", second.get("precise"));
        assertEquals("\"\"", second.get("text"));
        assertEquals("( \"(null)\" : container = -1 )", second.get("channel"));
        assertEquals("[ ]", second.get("payload"));
        assertEquals(Map.of("orderId", "42", "quantity", "3", "sku_length", "5", "sku", "\"SKU-1\""), payload(lines.get(2)));

        List<Object[]> read = new ArrayList<>();
        CtfTraceReader reader = CtfTraceReader.open(trace);
        reader.forEach(e -> read.add(values(e)));
        assertEquals(3, read.size());
        Object[] first = read.get(0);
        assertEquals(List.of(true, (byte) -7, (short) -300, 'λ', Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.25, "héllo \"q\" ✓",
                "PHONE"), List.of(first).subList(0, 10));
        assertArrayEquals(new byte[] {1, -2, 127}, (byte[]) first[10]);
        assertNull(read.get(1)[9]);
        assertEquals(0, ((byte[]) read.get(1)[10]).length);
        assertEquals(0, reader.discardedEvents());
    }

    @Test
    void javaReaderGivesTimestampsThreadsAndWallTime() throws Exception {
        Path trace = dir.resolve("time");
        long before = System.nanoTime();
        CtfBackend backend;
        String sessionName;
        try (Session session = sessions.start(trace, Map.of(), "ctftest.shop:orderPlaced")) {
            backend = Sessions.backend(session);
            sessionName = session.name();
            SHOP.orderPlaced(1, 1, "a");
            SHOP.orderPlaced(2, 1, "b");
        }
        long after = System.nanoTime();
        CtfTraceReader reader = CtfTraceReader.open(trace);
        assertEquals(backend.traceUuid(), reader.uuid());
        assertEquals(backend.clock(), reader.clock());
        assertEquals(sessionName, reader.sessionName());
        List<Long> ids = new ArrayList<>();
        reader.forEach(e -> {
            assertTrue(e.timestampNanos() >= before && e.timestampNanos() <= after);
            assertEquals(Thread.currentThread().getId(), e.threadId());
            ids.add(e.getLong(0));
        });
        assertEquals(List.of(1L, 2L), ids);
        // the metadata declares every provider registered in this JVM (other test classes' too), in registration order
        assertTrue(reader.eventTypes().stream().anyMatch(t -> t.qualifiedName().equals("ctftest.shop:orderPlaced")),
                () -> reader.eventTypes().toString());
    }

    @Test
    void severalThreadsKeepEveryEventInOrderPerThread() throws Exception {
        Path trace = dir.resolve("threads");
        int threads = 4;
        int perThread = 5_000;
        CtfBackend backend;
        try (Session session = sessions.start(trace, Map.of("subbuffer-count", "64"), "ctftest.shop:tick")) {
            backend = Sessions.backend(session);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        SHOP.tick(thread, i);
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (Thread worker : workers) {
                worker.join();
            }
        }
        assertEquals(0, backend.discardedEvents());
        List<String> lines = Babeltrace.events(trace);
        assertEquals(threads * perThread, lines.size());
        long[] next = new long[threads];
        Pattern tick = Pattern.compile("thread = (\\d+), sequence = (\\d+)");
        for (String line : lines) {
            Matcher m = tick.matcher(line);
            assertTrue(m.find(), line);
            int thread = Integer.parseInt(m.group(1));
            assertEquals(next[thread]++, Long.parseLong(m.group(2)), "events of one thread out of order: " + line);
        }
        long[] javaNext = new long[threads];
        long[] lastTime = {Long.MIN_VALUE};
        CtfTraceReader.open(trace).forEach(e -> {
            assertEquals(javaNext[e.getInt(0)]++, e.getLong(1));
            assertTrue(e.timestampNanos() >= lastTime[0]);
            lastTime[0] = e.timestampNanos();
        });
        assertArrayEquals(new long[] {perThread, perThread, perThread, perThread}, javaNext);
    }

    /**
     * Many threads, each emitting a few events and ending, share a fixed set of streams: no thread
     * gets a buffer of its own. On JDK 21 and later the threads are virtual (20,000 of them); on
     * JDK 17, which has none, 2,000 platform threads.
     */
    @Test
    void manyThreadsShareTheSessionsStripesInsteadOfGettingBuffersOfTheirOwn() throws Exception {
        Path trace = dir.resolve("many-threads");
        boolean virtual = Runtime.version().feature() >= 21;
        int threads = virtual ? 20_000 : 2_000;
        int perThread = 5;
        CtfBackend backend;
        try (Session session = sessions.start(trace, Map.of("streams", "4", "subbuffer-count", "64"), "ctftest.shop:tick")) {
            backend = Sessions.backend(session);
            java.util.concurrent.ExecutorService executor = virtual
                    ? (java.util.concurrent.ExecutorService) java.util.concurrent.Executors.class
                            .getMethod("newVirtualThreadPerTaskExecutor").invoke(null)
                    : java.util.concurrent.Executors.newCachedThreadPool();
            try {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    Runnable work = () -> {
                        for (int i = 0; i < perThread; i++) {
                            SHOP.tick(thread, i);
                        }
                    };
                    if (virtual) {
                        done.add(executor.submit(work));
                    } else {
                        Thread platform = new Thread(work); // a new platform thread per task, as with virtual ones
                        platform.start();
                        platform.join();
                    }
                }
                for (java.util.concurrent.Future<?> future : done) {
                    future.get();
                }
            } finally {
                executor.shutdown();
            }
        }
        assertEquals(0, backend.discardedEvents());
        try (var files = Files.list(trace)) {
            List<String> streams = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stream_")).sorted().toList();
            assertTrue(streams.size() <= 4, "at most one stream per stripe: " + streams);
        }
        long[] next = new long[threads];
        long[] total = {0};
        CtfTraceReader.open(trace).forEach(e -> {
            assertEquals(next[e.getInt(0)]++, e.getLong(1), "events of one thread out of order");
            total[0]++;
        });
        assertEquals((long) threads * perThread, total[0]);
        assertEquals((long) threads * perThread, Babeltrace.events(trace).size(), "babeltrace2 reads all of them");
    }

    @Test
    void severalSessionsRecordAtOnceIntoTheirOwnTraces() throws Exception {
        Path ticks = dir.resolve("ticks");
        Path orders = dir.resolve("orders");
        Path both = dir.resolve("both");
        try (Session a = sessions.start(ticks, Map.of(), "ctftest.shop:tick");
                Session b = sessions.start(orders, Map.of("streams", "1"), "ctftest.shop:orderPlaced");
                Session c = sessions.start(both, Map.of("mode", "discard"), "ctftest.shop:*")) {
            for (int i = 0; i < 100; i++) {
                SHOP.tick(0, i);
                SHOP.orderPlaced(i, i, "sku-" + i);
            }
        }
        assertEquals(100, Babeltrace.events(ticks).stream().filter(l -> l.contains("ctftest.shop:tick")).count());
        assertEquals(100, Babeltrace.events(ticks).size());
        assertEquals(100, Babeltrace.events(orders).stream().filter(l -> l.contains("ctftest.shop:orderPlaced")).count());
        assertEquals(100, Babeltrace.events(orders).size());
        assertEquals(200, Babeltrace.events(both).size());
        assertEquals(200, CtfTraceReader.open(both).count());
        assertFalse(CtfTraceReader.open(ticks).uuid().equals(CtfTraceReader.open(orders).uuid()));
    }

    @Test
    void theFactoryIsFoundByNameAndValidatesSettings() throws Exception {
        assertTrue(ServiceLoader.load(io.waymark.spi.BackendFactory.class).stream()
                .anyMatch(p -> p.get().name().equals("ctf")));
        var context = new io.waymark.spi.BackendContext("bad", io.waymark.spi.ClockAnchor.now(), Map.of("mode", "ring"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CtfBackendFactory().create(context));
        assertTrue(e.getMessage().contains("'mode' is 'ring'"), e.getMessage());
        var stripes = new io.waymark.spi.BackendContext("bad", io.waymark.spi.ClockAnchor.now(),
                Map.of("streams", "3", "directory", dir.resolve("x").toString()));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CtfBackendFactory().create(stripes));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/metadata"), "x");
        var taken = new io.waymark.spi.BackendContext("bad", io.waymark.spi.ClockAnchor.now(),
                Map.of("directory", dir.resolve("taken").toString()));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CtfBackendFactory().create(taken));
        assertTrue(e.getMessage().contains("new or empty"), e.getMessage());
    }

    /** Field name to printed value of a babeltrace2 event line's payload. */
    static Map<String, String> payload(String line) {
        String fields = line.substring(line.lastIndexOf("}, {") + 4, line.length() - 2).trim();
        Map<String, String> values = new java.util.LinkedHashMap<>();
        int at = 0;
        while (at < fields.length()) {
            int eq = fields.indexOf(" = ", at);
            String name = fields.substring(at, eq);
            int end = valueEnd(fields, eq + 3);
            values.put(name, fields.substring(eq + 3, end));
            at = end + 2;
        }
        return values;
    }

    private static int valueEnd(String s, int from) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    private static Object[] values(Event e) {
        Object[] values = new Object[e.type().fieldCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = e.getValue(i);
        }
        return values;
    }
}
