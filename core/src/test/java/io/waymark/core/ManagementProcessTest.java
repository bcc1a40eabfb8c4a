package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.waymark.core.fixtures.ManagedChildApp;
import io.waymark.core.internal.WaymarkVersion;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * An independent client, as the command line is one: a second JVM reaches the MXBean of an
 * application that has no Waymark flag, with the Attach API, the local management agent and plain JMX
 * by name (no Waymark class on the client's side of the calls).
 */
class ManagementProcessTest {

    private static final String STRING = String.class.getName();

    @Test
    void aSecondJvmCreatesAndStartsASessionWithPlainJmx() throws Exception {
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        classPath.add(0, Paths.get("target", "test-classes", "backends", "alpha").toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), ManagedChildApp.class.getName());
        builder.environment().keySet().removeIf(k -> k.startsWith("WAYMARK_"));
        Process child = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                .lines().forEach(out::add));
        reader.setDaemon(true);
        reader.start();
        try {
            String pid = await(out, l -> l.startsWith("pid=")).substring(4);
            VirtualMachine vm = VirtualMachine.attach(pid);
            String url;
            try {
                assertEquals(WaymarkVersion.get(), vm.getSystemProperties().getProperty("io.waymark.version"),
                        "readable without starting any agent");
                url = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.waymark:type=Tracing");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!connection.isRegistered(name)) {
                    assertTrue(System.nanoTime() < deadline, "registered within 20 s");
                    Thread.sleep(10);
                }
                CompositeData[] tracepoints = (CompositeData[]) connection.getAttribute(name, "Tracepoints");
                assertTrue(Arrays.stream(tracepoints).anyMatch(t -> t.get("provider").equals("coretest.shop")
                        && t.get("event").equals("orderPlaced") && t.get("enabled").equals(false)), Arrays.toString(tracepoints));
                assertArrayEquals(new String[] {"alpha"}, (String[]) connection.getAttribute(name, "BackendNames"));

                connection.invoke(name, "createSession", new Object[] {"remote", "alpha", new String[0]},
                        new String[] {STRING, STRING, String[].class.getName()});
                connection.invoke(name, "enable", new Object[] {"remote", "coretest.shop:orderPlaced"}, new String[] {STRING, STRING});
                connection.invoke(name, "start", new Object[] {"remote"}, new String[] {STRING});

                await(out, l -> l.startsWith("alpha/remote: coretest.shop:orderPlaced orderId="));
                await(out, l -> l.equals("sessions=[remote]")); // the application's Tracing.sessions() sees it
                CompositeData session = ((CompositeData[]) connection.getAttribute(name, "Sessions"))[0];
                assertEquals("remote", session.get("name"));
                assertEquals("RUNNING", session.get("state"));
                assertEquals(true, session.get("external"));

                RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                        () -> connection.invoke(name, "enable", new Object[] {"remote", "shop orders"}, new String[] {STRING, STRING}));
                assertInstanceOf(IllegalArgumentException.class, e.getCause());
                assertTrue(e.getCause().getMessage().startsWith("argument pattern: malformed pattern 'shop orders'"),
                        e.getCause().getMessage());

                connection.invoke(name, "createSession", new Object[] {"left-open", "", null},
                        new String[] {STRING, STRING, String[].class.getName()});
                connection.invoke(name, "stop", new Object[] {"remote"}, new String[] {STRING});
                connection.invoke(name, "close", new Object[] {"remote"}, new String[] {STRING});
                await(out, l -> l.equals("alpha/remote: closed"));
                await(out, l -> l.equals("sessions=[left-open]"));
            }
            assertTrue(child.isAlive(), "the application runs on");
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
            await(out, l -> l.equals("application finished"));
            await(out, l -> l.equals("alpha/left-open: closed")); // nobody in the application knew it: closed at exit
        } finally {
            child.destroyForcibly();
        }
    }

    private static String await(List<String> lines, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no such line in the child's output within 30 s: " + lines.subList(0, Math.min(lines.size(), 20)));
    }
}
