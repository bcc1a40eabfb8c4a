package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.SessionState;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.core.management.SessionInfo;
import io.waymark.core.management.TracingMXBean;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.Event;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MXBean over a runtime of its own (backends chosen here, no providers), registered in the
 * platform MBean server under a test name and used as tools use it: by attribute and operation name,
 * and through a typed proxy.
 */
class TracingManagementTest {

    private static final String STRING = String.class.getName();
    private static final String STRINGS = String[].class.getName();

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final RecordingBackend.Factory recording = new RecordingBackend.Factory("recording");
    private final SnapshotFactory snapshots = new SnapshotFactory();
    private ObjectName name;
    private TracingRuntime runtime;

    @TempDir
    Path temp;

    private TracingMXBean register(String management) throws Exception {
        runtime = new TracingRuntime(new BackendCatalog(List.of(recording, snapshots)),
                StartupConfiguration.read(management == null ? Map.of() : Map.of("waymark.management", management), Map.of()),
                Runnable::run);
        TracingManagement bean = new TracingManagement(runtime, new BackendCatalog(List.of(recording, snapshots)),
                StartupConfiguration.read(management == null ? Map.of() : Map.of("waymark.management", management), Map.of()));
        name = new ObjectName("io.waymark:type=Tracing,name=TracingManagementTest");
        server.registerMBean(bean, name);
        return JMX.newMXBeanProxy(server, name, TracingMXBean.class);
    }

    @AfterEach
    void unregister() throws Exception {
        if (name != null && server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        if (runtime != null) {
            runtime.sessions().forEach(Session::close);
        }
    }

    private Object invoke(String operation, Object... args) throws Exception {
        String[] signature = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            signature[i] = args[i] instanceof String[] ? STRINGS : STRING;
        }
        return server.invoke(name, operation, args, signature);
    }

    /** What a JMX client catches when an operation fails: the JDK exception, carried as the cause. */
    private Throwable failure(String operation, Object... args) {
        Exception e = assertThrows(Exception.class, () -> invoke(operation, args));
        assertTrue(e instanceof RuntimeMBeanException || e instanceof MBeanException, e.toString());
        Throwable cause = e.getCause();
        assertTrue(cause.getClass().getName().startsWith("java."), "a JDK exception a client can load: " + cause);
        assertNull(cause.getCause() == null ? null : cause.getCause().getCause(), "no chain of foreign causes");
        return cause;
    }

    private void assertRefused(String expected, String operation, Object... args) {
        Throwable cause = failure(operation, args);
        assertInstanceOf(IllegalArgumentException.class, cause, cause.toString());
        assertTrue(cause.getMessage().contains(expected), cause.getMessage());
    }

    private static CompositeData byName(CompositeData[] items, String session) {
        return Arrays.stream(items).filter(c -> c.get("name").equals(session)).findFirst().orElseThrow();
    }

    @Test
    void aSessionCreatedByNameIsAnOrdinarySessionAndTheApplicationsAreListed() throws Exception {
        TracingMXBean proxy = register(null);
        Session application = runtime.createSession(SessionConfig.builder("app").backend("recording").enable("a:*").build());

        invoke("createSession", "ext", "recording", new String[] {"capacity=10", "label= x=y "});
        invoke("enable", "ext", "shop.*:order?");
        invoke("disable", "ext", "shop.orders:cacheMiss");
        invoke("start", "ext");

        Session ext = runtime.sessions().stream().filter(s -> s.name().equals("ext")).findFirst().orElseThrow();
        assertEquals(SessionState.RUNNING, ext.state(), "the runtime (and so Tracing.sessions()) sees it");
        assertEquals(List.of("shop.*:order?", "!shop.orders:cacheMiss"), ext.rules());
        assertEquals(Map.of("capacity", "10", "label", " x=y "), ((SessionImpl) ext).config().backendSettings());

        CompositeData[] sessions = (CompositeData[]) server.getAttribute(name, "Sessions");
        assertEquals(2, sessions.length);
        CompositeData info = byName(sessions, "ext");
        assertEquals("RUNNING", info.get("state"));
        assertEquals("recording", info.get("backend"));
        assertArrayEquals(new String[] {"shop.*:order?", "!shop.orders:cacheMiss"}, (String[]) info.get("rules"));
        assertArrayEquals(new String[] {"capacity=10", "label= x=y "}, (String[]) info.get("settings"));
        assertEquals("", info.get("destination"));
        assertEquals(0L, info.get("discardedEvents"));
        assertEquals(0L, info.get("backendFailures"));
        assertEquals(false, info.get("backendDetached"));
        assertEquals(true, info.get("external"));
        assertEquals(false, byName(sessions, "app").get("external"));
        assertEquals("CREATED", byName(sessions, "app").get("state"));

        // the application's session is steered from outside as well
        invoke("start", "app");
        assertEquals(SessionState.RUNNING, application.state());

        List<SessionInfo> typed = proxy.getSessions();
        assertEquals(List.of("app", "ext"), typed.stream().map(SessionInfo::getName).toList());
        assertTrue(typed.get(1).isExternal());
        assertEquals(List.of("capacity=10", "label= x=y "), typed.get(1).getSettings());

        proxy.stop("ext");
        assertEquals(SessionState.STOPPED, ext.state());
        assertTrue(recording.last().flushed, "stop flushes");
        proxy.close("ext");
        assertEquals(SessionState.CLOSED, ext.state());
        assertEquals(List.of("app"), runtime.sessions().stream().map(Session::name).toList());
        proxy.createSession("ext", "recording", new String[0]); // the name is free again
    }

    @Test
    void attributesDescribeTheRuntime() throws Exception {
        register(null);
        assertEquals(WaymarkVersion.get(), server.getAttribute(name, "Version"));
        assertArrayEquals(new String[] {"recording", "snapshots"}, (String[]) server.getAttribute(name, "BackendNames"));
        assertArrayEquals(new String[0], (String[]) server.getAttribute(name, "ConfigurationErrors"));
        assertEquals("on", server.getAttribute(name, "Control"));
        assertArrayEquals(new CompositeData[0], (CompositeData[]) server.getAttribute(name, "Tracepoints"));
    }

    @Test
    void flushReachesTheBackendWithoutStoppingTheSession() throws Exception {
        TracingMXBean proxy = register(null);
        proxy.createSession("s", "recording", null);
        proxy.start("s");
        proxy.flush("s");
        assertTrue(recording.last().flushed);
        assertEquals("RUNNING", proxy.getSessions().get(0).getState());
    }

    @Test
    void eachBadInputIsRefusedNamingArgumentValueAndRemedy() throws Exception {
        register(null);
        invoke("createSession", "taken", "recording", new String[0]);

        assertRefused("argument name is empty: give the session a name", "createSession", "", "recording", new String[0]);
        assertRefused("argument name is '  ': give the session a name", "createSession", "  ", "recording", new String[0]);
        assertRefused("argument name is missing", "createSession", null, "recording", new String[0]);
        assertRefused("a session called 'taken' is already open; close it first or choose another name",
                "createSession", "taken", "recording", new String[0]);
        assertRefused("argument backend is 'lttng': no such backend in this JVM; use one of [recording, snapshots]",
                "createSession", "s", "lttng", new String[0]);
        assertRefused("argument backend is empty but there is no default backend (several Waymark backends",
                "createSession", "s", "", new String[0]);
        assertRefused("name one of [recording, snapshots]", "createSession", "s", "", new String[0]);
        assertRefused("argument settings has 'capacity': each setting is key=value, for example mode=overwrite",
                "createSession", "s", "recording", new String[] {"capacity"});
        assertRefused("argument settings has '=10': each setting is key=value", "createSession", "s", "recording",
                new String[] {"=10"});
        assertRefused("argument settings has 'a' twice ('a=1' and 'a=2'): give each setting once",
                "createSession", "s", "recording", new String[] {"a=1", "a=2"});

        assertRefused("no session named 'nope'; sessions: [taken]", "start", "nope");
        for (String operation : List.of("stop", "flush", "close")) {
            assertRefused("no session named 'nope'; sessions: [taken]", operation, "nope");
        }
        assertRefused("no session named 'nope'; sessions: [taken]", "enable", "nope", "a:*");
        assertRefused("argument session is empty: name an open session; sessions: [taken]", "start", "");
        assertRefused("argument pattern: malformed pattern 'shop orders': character U+0020 in the provider part", "enable", "taken", "shop orders");
        assertRefused("argument pattern: malformed pattern '': the pattern is empty", "disable", "taken", "");
        assertRefused("argument pattern: pattern '!a:b' starts with '!'", "enable", "taken", "!a:b");

        Path missing = temp.resolve("missing").resolve("snap");
        assertRefused("argument path is '" + missing + "': its parent directory " + missing.getParent()
                + " does not exist; create it first or choose another path", "snapshot", "taken", missing.toString());
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertRefused("its parent " + file + " is not a directory", "snapshot", "taken", file.resolve("snap").toString());
        Path full = Files.createDirectories(temp.resolve("full"));
        Files.writeString(full.resolve("metadata"), "a trace");
        assertRefused("argument path is '" + full + "': " + full + " exists and is not an empty directory; name a new directory",
                "snapshot", "taken", full.toString());
        assertRefused("argument path is empty: name a new directory", "snapshot", "taken", "");
        assertRefused("argument path is 'a\0b': not a valid path", "snapshot", "taken", "a\0b");

        // nothing of this touched the session that exists
        CompositeData[] sessions = (CompositeData[]) server.getAttribute(name, "Sessions");
        assertEquals(1, sessions.length);
        assertEquals("CREATED", sessions[0].get("state"));
        assertArrayEquals(new String[0], (String[]) sessions[0].get("rules"));
    }

    @Test
    void aSnapshotDirectoryInAnUnwritableParentIsRefused() throws Exception {
        register(null);
        invoke("createSession", "s", "snapshots", new String[0]);
        Path locked = Files.createDirectory(temp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "root may write anywhere");
            assertRefused("argument path is '" + locked.resolve("snap") + "': its parent directory " + locked
                    + " is not writable by this JVM's user; choose another path", "snapshot", "s", locked.resolve("snap").toString());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void snapshotWritesThroughTheBackendAndAnswersTheAbsolutePath() throws Exception {
        TracingMXBean proxy = register(null);
        proxy.createSession("flight", "snapshots", new String[0]);
        proxy.start("flight");
        Path target = temp.resolve("snap");
        assertEquals(target.toAbsolutePath().toString(), invoke("snapshot", "flight", target.toString()));
        assertEquals("snapshot of flight", Files.readString(target.resolve("metadata")));
        Path empty = Files.createDirectory(temp.resolve("empty"));
        assertEquals(empty.toString(), proxy.snapshot("flight", empty.toString()), "an empty directory will do");
    }

    @Test
    void aBackendWithoutSnapshotsIsNamed() throws Exception {
        register(null);
        invoke("createSession", "plain", "recording", new String[0]);
        Throwable cause = failure("snapshot", "plain", temp.resolve("snap").toString());
        assertInstanceOf(UnsupportedOperationException.class, cause);
        assertTrue(cause.getMessage().startsWith("session 'plain': backend 'recording' takes no snapshots; use a backend "
                + "that keeps recent events in memory, such as ctf with mode=overwrite"), cause.getMessage());
    }

    @Test
    void aFailingBackendFailsItsOperationOnlyAndTheClientGetsAJdkException() throws Exception {
        TracingMXBean proxy = register(null);
        proxy.createSession("broken", "snapshots", new String[0]);
        proxy.createSession("healthy", "recording", new String[0]);
        proxy.enable("healthy", "a:*");
        proxy.start("healthy");
        proxy.start("broken");
        snapshots.last().broken = true;

        Throwable cause = failure("snapshot", "broken", temp.resolve("snap").toString());
        assertInstanceOf(IllegalStateException.class, cause);
        assertTrue(cause.getMessage().contains("disk on fire"), cause.getMessage());
        invoke("flush", "broken"); // a failing flush is the backend's failure, counted, not the caller's

        CompositeData[] sessions = (CompositeData[]) server.getAttribute(name, "Sessions");
        assertEquals(1L, byName(sessions, "broken").get("backendFailures"));
        assertEquals("RUNNING", byName(sessions, "broken").get("state"));
        assertEquals("RUNNING", byName(sessions, "healthy").get("state"));
        assertEquals(0L, byName(sessions, "healthy").get("backendFailures"));
        proxy.stop("healthy");
        assertTrue(recording.last().flushed);
    }

    @Test
    void readonlyRefusesEveryOperationAndStillAnswersAttributes() throws Exception {
        register("readonly");
        runtime.createSession(SessionConfig.builder("app").backend("recording").build());
        assertEquals("readonly", server.getAttribute(name, "Control"));
        assertEquals(1, ((CompositeData[]) server.getAttribute(name, "Sessions")).length);
        List<Object[]> calls = new ArrayList<>();
        calls.add(new Object[] {"createSession", "s", "recording", new String[0]});
        for (String operation : List.of("start", "stop", "flush", "close")) {
            calls.add(new Object[] {operation, "app"});
        }
        calls.add(new Object[] {"enable", "app", "a:*"});
        calls.add(new Object[] {"disable", "app", "a:*"});
        calls.add(new Object[] {"snapshot", "app", temp.resolve("s").toString()});
        for (Object[] call : calls) {
            Throwable cause = failure((String) call[0], Arrays.copyOfRange(call, 1, call.length));
            assertInstanceOf(SecurityException.class, cause, call[0] + ": " + cause);
            assertEquals("outside control of tracing is refused by this application (waymark.management=readonly)",
                    cause.getMessage());
        }
        assertEquals(List.of("app"), runtime.sessions().stream().map(Session::name).toList());
        assertEquals(SessionState.CREATED, runtime.sessions().get(0).state());
    }

    @Test
    void aMalformedManagementValueMeansReadonlyAndIsShown() throws Exception {
        register("yes please");
        runtime.init(); // start-up errors are reported, and kept for configurationErrors(), when the runtime starts
        assertEquals("readonly", server.getAttribute(name, "Control"));
        String[] errors = (String[]) server.getAttribute(name, "ConfigurationErrors");
        assertArrayEquals(new String[] {"system property waymark.management='yes please' is not a management mode; "
                + "use on, readonly or off (until it is fixed: readonly)"}, errors);
    }

    @Test
    void settingsAreParsedInOrder() {
        assertEquals(Map.of(), TracingManagement.parseSettings(null));
        assertEquals(List.of("b", "a"), List.copyOf(TracingManagement.parseSettings(new String[] {"b=2", " a =x=1"}).keySet()));
        assertEquals("x=1", TracingManagement.parseSettings(new String[] {"a=x=1"}).get("a"));
        assertEquals("", TracingManagement.parseSettings(new String[] {"a="}).get("a"));
        assertThrows(IllegalArgumentException.class, () -> TracingManagement.parseSettings(new String[] {null}));
    }

    /** A backend that takes snapshots (one file), or fails at everything once broken. */
    static final class SnapshotBackend implements Backend {
        private final String session;
        volatile boolean broken;

        SnapshotBackend(String session) {
            this.session = session;
        }

        @Override
        public void onEvent(Event event) {}

        @Override
        public Path snapshot(Path target) throws IOException {
            if (broken) {
                throw new BrokenBackendException();
            }
            Files.createDirectories(target);
            Files.writeString(target.resolve("metadata"), "snapshot of " + session);
            return target;
        }

        @Override
        public void flush() {
            if (broken) {
                throw new BrokenBackendException();
            }
        }
    }

    /** Not a JDK class: a JMX client could not deserialize it. */
    static final class BrokenBackendException extends RuntimeException {
        BrokenBackendException() {
            super("disk on fire");
        }
    }

    static final class SnapshotFactory implements BackendFactory {
        private final List<SnapshotBackend> created = new ArrayList<>();

        @Override
        public String name() {
            return "snapshots";
        }

        @Override
        public String requestedSpiVersion() {
            return BackendFactory.SPI_VERSION;
        }

        @Override
        public synchronized Backend create(BackendContext context) {
            SnapshotBackend backend = new SnapshotBackend(context.sessionName());
            created.add(backend);
            return backend;
        }

        synchronized SnapshotBackend last() {
            return created.get(created.size() - 1);
        }
    }
}
