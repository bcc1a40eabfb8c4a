package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attaching commands against child JVMs of the test's JDK that run the workload with core and the CTF backend
 * on the class path and no Waymark flag: through the command line's own entry point, traces read by babeltrace2,
 * an independent client (jattach, then plain JMX), and every bad input with its exit code and message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AttachCommandsTest {

    @TempDir
    static Path work;

    private static Workload app;
    private static Workload readonly;
    private static Workload off;
    private static Workload idle;

    @BeforeAll
    static void startWorkloads() throws Exception {
        Path classes = work.resolve("classes");
        Workload.compile(classes);
        app = Workload.start(classes, work.resolve("app"), "shop.Shop");
        readonly = Workload.start(classes, work.resolve("readonly"), "shop.Shop", "-Dwaymark.management=readonly");
        off = Workload.start(classes, work.resolve("off"), "shop.Shop", "-Dwaymark.management=off");
        idle = Workload.start(classes, work.resolve("idle"), "shop.Idle");
    }

    @AfterAll
    static void stopWorkloads() throws Exception {
        for (Workload workload : new Workload[] {app, readonly, off, idle}) {
            if (workload != null) {
                workload.close();
            }
        }
    }

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {

        Object json() {
            return Json.parse(out);
        }
    }

    static Result waymark(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WaymarkCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), strings);
        return new Result(code, out.toString(), err.toString());
    }

    static Result ok(Object... args) {
        Result result = waymark(args);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.err(), result::toString);
        return result;
    }

    /** {@code list} succeeds; a JVM of the machine that does not answer in time only adds a note on standard error. */
    static Result list(Object... args) {
        Result result = waymark(args);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().lines().allMatch(l -> l.contains("did not answer")), result::toString);
        return result;
    }

    /** Exit code 2 and one line on standard error that contains every one of {@code expected}. */
    static void refused(Result result, String... expected) {
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        for (String part : expected) {
            assertTrue(result.err().contains(part), () -> "'" + part + "' in " + result);
        }
    }

    @Test
    @Order(1)
    void listStartsNothingAndTheFirstCommandStartsTheLocalConnector() throws Exception {
        assertEquals(Set.of(), app.listeningSockets(), "no listening socket before the first command");
        Result list = list("list");
        assertTrue(list.out().startsWith("PID"), list::toString);
        assertEquals(Set.of(), app.listeningSockets(), "list starts no agent");

        ok("sessions", app.pid());
        // the JDK's local connector: an RMI server on an ephemeral port of every interface (it refuses connections
        // from addresses of other hosts); docs/command-line.md, "Security"
        Set<String> listening = app.listeningSockets();
        assertEquals(1, listening.size(), listening::toString);
        assertTrue(listening.iterator().next().matches("tcp6? 0+:[0-9A-F]{4}"), listening::toString);
    }

    @Test
    @Order(2)
    void listFindsTheJvmsThatRunWaymark() {
        Result list = list("list");
        String version = line(list.out(), app.pid());
        assertTrue(version.matches(app.pid() + " +\\d+\\.\\d+\\.\\d+\\S* +on +shop\\.Shop"), list::toString);
        assertTrue(line(list.out(), readonly.pid()).matches(readonly.pid() + " +\\S+ +readonly +shop\\.Shop"), list::toString);
        assertTrue(line(list.out(), off.pid()).matches(off.pid() + " +\\S+ +off +shop\\.Shop"), list::toString);
        assertEquals("", line(list.out(), idle.pid()), "a JVM without Waymark is not listed");
        assertTrue(line(list("list", "--all").out(), idle.pid()).matches(idle.pid() + " +- +- +shop\\.Idle"));

        List<Object> jvms = Json.array(Json.object(list("list", "--json").json()).get("jvms"));
        Map<String, Object> jvm = jvms.stream().map(Json::object).filter(j -> j.get("pid").equals(app.pid())).findFirst().orElseThrow();
        assertEquals(Set.of("pid", "mainClass", "command", "waymarkVersion", "management"), jvm.keySet());
        assertEquals("shop.Shop", jvm.get("mainClass"));
        assertEquals("on", jvm.get("management"));
        assertTrue(jvms.stream().map(Json::object).noneMatch(j -> j.get("pid").equals(idle.pid())));
    }

    @Test
    @Order(3)
    void tracepointsListsTheLoadedProviders() {
        Result all = ok("tracepoints", app.pid());
        List<String> lines = all.out().lines().toList();
        assertTrue(lines.get(0).matches("TRACEPOINT +ID +LEVEL +STABILITY +VERSION +ENABLED +SESSIONS"), all::toString);
        assertTrue(all.out().contains("shop.inventory:stockChecked"), all::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("shop\\.checkout:paymentDeclined +2 +WARN +STABLE +\\d+ +no +-")), all::toString);

        Result checkout = ok("tracepoints", app.pid(), "shop.checkout:*", "--json");
        List<Object> tracepoints = Json.array(Json.object(checkout.json()).get("tracepoints"));
        assertEquals(2, tracepoints.size(), checkout::toString);
        Map<String, Object> placed = Json.object(tracepoints.stream().map(Json::object)
                .filter(t -> t.get("event").equals("orderPlaced")).findFirst().orElseThrow());
        assertEquals(List.of("provider", "event", "id", "level", "stability", "version", "enabled", "sessions"),
                List.copyOf(placed.keySet()));
        assertEquals("shop.checkout", placed.get("provider"));
        assertEquals(1L, placed.get("id"));
        assertEquals("INFO", placed.get("level"));
        assertEquals(false, placed.get("enabled"));
    }

    @Test
    @Order(4)
    void createEnableStartRecordsACtfTraceThatBabeltraceReads() throws Exception {
        Path trace = work.resolve("recorded");
        Result created = ok("create", app.pid(), "ops", "--backend", "ctf", "--set", "directory=" + trace);
        assertTrue(created.out().startsWith("Session 'ops' created in JVM " + app.pid() + " (backend ctf"), created::toString);
        Result enabled = ok("enable", app.pid(), "ops", "shop.checkout:*");
        assertTrue(enabled.out().startsWith("Session 'ops' of JVM " + app.pid() + ": enabled 'shop.checkout:*' (state CREATED"),
                enabled::toString);
        Result started = ok("start", app.pid(), "ops", "--json");
        Map<String, Object> session = Json.object(Json.object(started.json()).get("session"));
        assertEquals(List.of("name", "state", "backend", "rules", "settings", "destination", "recordedEvents", "discardedEvents",
                "discardedByReason", "backendFailures", "backendDetached", "external"), List.copyOf(session.keySet()));
        assertEquals("ops", session.get("name"));
        assertEquals("RUNNING", session.get("state"));
        assertEquals(List.of("shop.checkout:*"), session.get("rules"));
        assertEquals(true, session.get("external"));
        Thread.sleep(1000); // the workload places an order every 2 ms: hundreds of events, dozens under heavy load

        Result stats = ok("stats", app.pid(), "ops");
        assertTrue(stats.out().lines().toList().get(1).matches("ops +RUNNING +2 +(\\d+|-) +0 +0 +no"), stats::toString);
        assertEquals(2, stats.out().lines().count(), "no line of discard reasons when nothing was discarded: " + stats);
        Map<String, Object> statsJson = new java.util.HashMap<>(
                Json.object(Json.array(Json.object(ok("stats", app.pid(), "--json").json()).get("sessions")).get(0)));
        Object recorded = statsJson.remove("recordedEvents");
        assertTrue(recorded instanceof Long, statsJson::toString);
        Map<String, Object> reasons = Json.object(statsJson.remove("discardedByReason"));
        assertTrue(reasons.keySet().containsAll(List.of("BUFFER_FULL", "BACKEND_FAILED")) && reasons.values().stream().allMatch(v -> v.equals(0L)),
                reasons::toString);
        assertEquals(Map.of("name", "ops", "state", "RUNNING", "tracepoints", 2L, "discardedEvents", 0L, "backendFailures", 0L,
                "backendDetached", false), statsJson);
        Result sessions = ok("sessions", app.pid());
        assertTrue(sessions.out().lines().anyMatch(l -> l.matches("ops +RUNNING +ctf +external +shop\\.checkout:\\* .*")), sessions::toString);

        ok("stop", app.pid(), "ops");
        Result closed = ok("close", app.pid(), "ops", "--json");
        Map<String, Object> closedJson = Json.object(closed.json());
        assertEquals(List.of("pid", "session", "state", "destination"), List.copyOf(closedJson.keySet()), closed::toString);
        assertEquals(List.of(app.pid(), "ops", "CLOSED"), List.of(closedJson.get("pid"), closedJson.get("session"), closedJson.get("state")));
        assertTrue(app.isAlive(), "stop and close leave the application running");
        assertFalse(ok("sessions", app.pid()).out().contains("ops"));

        List<String> events = babeltrace(trace);
        assertTrue(events.size() > 20, () -> String.join("\n", events));
        assertTrue(events.stream().allMatch(e -> e.contains("shop.checkout:orderPlaced") || e.contains("shop.checkout:paymentDeclined")),
                () -> String.join("\n", events));
        assertTrue(events.stream().anyMatch(e -> e.contains("shop.checkout:paymentDeclined") && e.contains("insufficient funds")));
    }

    @Test
    @Order(5)
    void snapshotOfAnOverwriteSessionWritesAReadableTrace() throws Exception {
        Result created = ok("create", app.pid(), "recorder", "--backend", "ctf", "--set", "mode=overwrite", "--set", "subbuffer-size=4096",
                "--json");
        Map<String, Object> session = Json.object(Json.object(created.json()).get("session"));
        assertEquals("CREATED", session.get("state"), created::toString);
        assertEquals(List.of("mode=overwrite", "subbuffer-size=4096"), session.get("settings"), created::toString);
        ok("enable", app.pid(), "recorder", "shop.checkout:orderPlaced");
        ok("start", app.pid(), "recorder");
        Thread.sleep(1000); // the workload places an order every 2 ms: hundreds of events, dozens under heavy load
        Path snapshot = work.resolve("snapshot");
        Result written = ok("snapshot", app.pid(), "recorder", snapshot, "--json");
        assertEquals(Map.of("pid", app.pid(), "session", "recorder", "path", snapshot.toString()), written.json());
        List<String> events = babeltrace(snapshot);
        assertFalse(events.isEmpty());
        assertTrue(events.stream().allMatch(e -> e.contains("shop.checkout:orderPlaced")), () -> String.join("\n", events));
        ok("close", app.pid(), "recorder");
        assertTrue(app.isAlive());
    }

    @Test
    @Order(5)
    void aFilteredSessionRecordsOnlyTheMatchingEventsAndAFilterIsCheckedBeforeItIsSet() throws Exception {
        Path trace = work.resolve("filtered");
        ok("create", app.pid(), "filtered", "--backend", "ctf", "--set", "directory=" + trace);
        // syntax: refused by the command line before it attaches; fields: refused by the target, which knows the schema
        refused(waymark("enable", app.pid(), "filtered", "shop.checkout:orderPlaced[items = 2]"),
                "filter 'items = 2' at position 6: '=' is not an operator");
        refused(waymark("enable", app.pid(), "filtered", "shop.checkout:*[itemz == 2]"),
                "has no field 'itemz'; its fields: orderId (long), items (int)");
        Result enabled = ok("enable", app.pid(), "filtered", "shop.checkout:orderPlaced[items==2 && orderId > 0]");
        assertTrue(enabled.out().startsWith("Session 'filtered' of JVM " + app.pid() + ": enabled "
                + "'shop.checkout:orderPlaced[items==2 && orderId > 0]'"), enabled::toString);
        Map<String, Object> session = Json.object(Json.object(ok("start", app.pid(), "filtered", "--json").json()).get("session"));
        assertEquals(List.of("shop.checkout:orderPlaced[items == 2 && orderId > 0]"), session.get("rules"));
        Thread.sleep(1000); // an order every 2 ms, a third of them with 2 items
        ok("close", app.pid(), "filtered");

        List<String> events = babeltrace(trace);
        assertTrue(events.size() > 10, () -> String.join("\n", events));
        assertTrue(events.stream().allMatch(e -> e.contains("shop.checkout:orderPlaced") && e.contains("items = 2 }")),
                () -> String.join("\n", events));
    }

    @Test
    @Order(6)
    void anIndependentClientReachesTheMxBeanWithJattachAndPlainJmx() throws Exception {
        Process jattach = new ProcessBuilder("jattach", String.valueOf(readonly.pid()), "jcmd", "ManagementAgent.start_local")
                .redirectErrorStream(true).start();
        String started = new String(jattach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, jattach.waitFor(), started);
        // the connector's address is an agent property of the target (java.util.Properties format)
        Process agentProperties = new ProcessBuilder("jattach", String.valueOf(readonly.pid()), "agentProperties")
                .redirectErrorStream(true).start();
        String printed = new String(agentProperties.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, agentProperties.waitFor(), printed);
        Properties properties = new Properties();
        properties.load(new StringReader(printed.substring(printed.indexOf('\n') + 1)));
        String address = properties.getProperty("com.sun.management.jmxremote.localConnectorAddress");
        assertNotNull(address, printed);
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName("io.waymark:type=Tracing");
            assertEquals("readonly", connection.getAttribute(name, "Control"));
            assertNotNull(connection.getAttribute(name, "Version"));
            CompositeData[] tracepoints = (CompositeData[]) connection.getAttribute(name, "Tracepoints");
            assertEquals(3, tracepoints.length);
        }
    }

    @Test
    @Order(7)
    void badInputGetsExitCodeTwoAndOneLineAndLeavesTheApplicationAlone() throws Exception {
        ok("create", app.pid(), "keep", "--backend", "ctf", "--set", "directory=" + work.resolve("kept"));
        ok("enable", app.pid(), "keep", "shop.inventory:*");
        ok("start", app.pid(), "keep");

        refused(waymark("sessions", 999_999_999), "no process with pid 999999999", "waymark list");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            refused(waymark("sessions", sleep.pid()), "is not a JVM", "waymark list");
            assertTrue(sleep.isAlive(), "a process that is not a JVM is not signalled");
        } finally {
            sleep.destroy();
        }
        refused(waymark("sessions", idle.pid()), "has not started Waymark", "class path");
        refused(waymark("create", off.pid(), "x"), "waymark.management=off", "-Dwaymark.management=on");
        assertEquals(Set.of(), idle.listeningSockets(), "nothing was started in the JVM without Waymark");
        assertEquals(Set.of(), off.listeningSockets(), "nothing was started in the JVM that refuses outside control");
        refused(waymark("create", readonly.pid(), "x"), "outside control of tracing is refused by this application "
                + "(waymark.management=readonly)", "-Dwaymark.management=on");
        ok("sessions", readonly.pid()); // reading is allowed

        refused(waymark("enable", app.pid(), "keep", "shop checkout"), "malformed pattern 'shop checkout'", "provider[:event]");
        refused(waymark("tracepoints", app.pid(), "shop:a:b"), "malformed pattern 'shop:a:b'");
        refused(waymark("enable", app.pid(), "nope", "shop.checkout:*"), "no session named 'nope'", "keep");
        refused(waymark("stats", app.pid(), "nope"), "no session named 'nope'", "waymark sessions " + app.pid());
        refused(waymark("create", app.pid(), "x", "--backend", "nope"), "argument backend is 'nope'", "ctf");
        refused(waymark("create", app.pid(), "x", "--set", "mode=sometimes"), "'mode' is 'sometimes'", "'overwrite'");
        refused(waymark("create", app.pid(), "x", "--set", "mode"), "malformed setting 'mode'", "key=value");
        refused(waymark("create", app.pid(), "keep"), "keep");

        Path file = Files.writeString(work.resolve("a-file"), "not a directory");
        refused(waymark("snapshot", app.pid(), "keep", file.resolve("snapshot")), "is not a directory");
        refused(waymark("snapshot", app.pid(), "keep", work.resolve("missing").resolve("snapshot")),
                "its parent directory " + work.resolve("missing") + " does not exist", "existing directory");
        refused(waymark("snapshot", app.pid(), "keep", work.resolve("not-overwrite")), "keep");
        refused(waymark("create", app.pid(), "y", "--set", "directory=" + file.resolve("trace")), "a-file");

        assertTrue(app.isAlive());
        Result sessions = ok("sessions", app.pid());
        assertTrue(sessions.out().lines().anyMatch(l -> l.matches("keep +RUNNING .*")), sessions::toString);
        assertEquals(2, sessions.out().lines().count(), "none of the refused sessions exists: " + sessions);
        ok("close", app.pid(), "keep");
        assertTrue(babeltrace(work.resolve("kept")).stream().anyMatch(e -> e.contains("shop.inventory:stockChecked")),
                "the session kept recording through the refused commands");
    }

    @Test
    @Order(8)
    void theTargetsPrintNoDynamicAgentWarning() {
        for (Workload workload : new Workload[] {app, readonly, off, idle}) {
            assertTrue(workload.isAlive());
            // JDK 21+: "WARNING: A Java agent has been loaded dynamically (...)" and "... -XX:+EnableDynamicAgentLoading ..."
            assertFalse(workload.stderr().contains("loaded dynamically"), workload::stderr);
            assertFalse(workload.stderr().contains("EnableDynamicAgentLoading"), workload::stderr);
        }
    }

    private static String line(String table, long pid) {
        return table.lines().filter(l -> l.startsWith(pid + " ")).findFirst().orElse("");
    }

    static List<String> babeltrace(Path trace) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("babeltrace2", trace.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, process.waitFor(), () -> String.join("\n", lines));
        return lines;
    }
}
