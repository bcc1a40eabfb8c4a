package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.Session;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CTF session created, started and dumped through the runtime's MXBean by name, as the command line
 * does it, and the snapshot read by babeltrace2 and {@link CtfTraceReader}; no cast to {@link CtfBackend}.
 */
class CtfManagementTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);
    private static final String STRING = String.class.getName();

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private ObjectName name;

    @TempDir
    Path dir;

    @BeforeEach
    void awaitRegistration() throws Exception {
        name = new ObjectName("io.waymark:type=Tracing");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isRegistered(name)) {
            assertTrue(System.nanoTime() < deadline, "registered within 10 s");
            Thread.sleep(5);
        }
    }

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    private Object invoke(String operation, Object... args) throws Exception {
        String[] signature = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            signature[i] = args[i] instanceof String[] ? String[].class.getName() : STRING;
        }
        return server.invoke(name, operation, args, signature);
    }

    @Test
    void anOverwriteSessionCreatedByNameTakesSnapshotsThatBabeltraceReads() throws Exception {
        Path unused = dir.resolve("ring");
        invoke("createSession", "flight", "ctf", new String[] {"mode=overwrite", "directory=" + unused});
        invoke("enable", "flight", "ctftest.shop:tick");
        invoke("start", "flight");
        for (int i = 0; i < 100; i++) {
            SHOP.tick(1, i);
        }
        Path target = dir.resolve("snap");
        assertEquals(target.toAbsolutePath().toString(), invoke("snapshot", "flight", target.toString()));
        List<String> events = Babeltrace.events(target);
        assertEquals(100, events.size());
        assertTrue(events.get(99).contains("sequence = 99"), events.get(99));
        assertEquals(100, CtfTraceReader.open(target).count());

        // the same through the public API, on the session the application sees
        Session session = Tracing.sessions().stream().filter(s -> s.name().equals("flight")).findFirst().orElseThrow();
        Path again = session.snapshot(dir.resolve("again"));
        assertEquals(100, CtfTraceReader.open(again).count());
        assertTrue(Files.isRegularFile(unused.resolve("stream_0")), "the ring is a file in the session's directory");
    }

    @Test
    void aDiscardSessionRefusesSnapshotsSayingWhy() throws Exception {
        invoke("createSession", "streaming", "ctf", new String[] {"directory=" + dir.resolve("trace")});
        invoke("start", "streaming");
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                () -> invoke("snapshot", "streaming", dir.resolve("snap").toString()));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("argument session is 'streaming': ctf backend of session 'streaming' "
                + "records in mode discard; snapshots need mode overwrite"), e.getCause().getMessage());
        assertEquals("RUNNING", Tracing.sessions().get(0).state().name(), "the session records on");
    }
}
