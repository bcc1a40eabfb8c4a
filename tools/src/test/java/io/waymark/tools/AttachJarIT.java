package io.waymark.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attaching commands as users run them ({@code java -jar waymark-tools-<version>-all.jar}), and who else on the
 * machine can reach a JVM: another user (the test runs as root and uses {@code runuser -u nobody}) is refused by
 * the JDK, and reaches the local JMX connector only with its address, which only the JVM's user can read.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AttachJarIT {

    @TempDir
    static Path work;

    private static Path toolsJar;
    private static Workload app;

    @BeforeAll
    static void start() throws Exception {
        toolsJar = Path.of(System.getProperty("waymark.tools.jar"));
        assertTrue(Files.isRegularFile(toolsJar), "system property waymark.tools.jar names the -all jar: " + toolsJar);
        Path classes = work.resolve("classes");
        Workload.compile(classes);
        app = Workload.start(classes, work.resolve("app"), "shop.Shop");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    /** What a child process printed and returned. */
    record Result(int exitCode, String out) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/tmp").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the command finished");
        return new Result(process.exitValue(), out);
    }

    private static List<String> waymark(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", toolsJar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> asNobody(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Test
    void theJarListsTheJvmAndReadsItsSessions() throws Exception {
        Result list = run(waymark("list"));
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().lines().anyMatch(l -> l.matches(app.pid() + " +\\S+ +on +shop\\.Shop")), list::toString);
        Result sessions = run(waymark("sessions", String.valueOf(app.pid()), "--json"));
        assertEquals(0, sessions.exitCode(), sessions::toString);
        assertEquals(List.of(), Json.object(Json.parse(sessions.out())).get("sessions"), sessions::toString);
        assertFalse(app.stderr().contains("loaded dynamically"), app::stderr);
    }

    @Test
    void anotherUserIsRefusedAndReachesTheConnectorOnlyWithItsAddress() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "needs root and runuser to act as user nobody");
        // the tools jar and the probe must be readable by nobody
        assumeTrue(Files.isReadable(toolsJar) && toolsJar.toFile().setReadable(true, false));

        Result refused = run(asNobody(waymark("sessions", String.valueOf(app.pid()))));
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.out().contains("waymark sessions: JVM " + app.pid() + " belongs to user 'root' and waymark runs as "
                + "user 'nobody': only the JVM's own user can attach; run it as that user"), refused::toString);
        Result listed = run(asNobody(waymark("list")));
        assertEquals(0, listed.exitCode(), listed::toString);
        assertFalse(listed.out().contains(String.valueOf(app.pid())), "another user's JVM is not listed: " + listed);
        Result jattach = run(asNobody(List.of("jattach", String.valueOf(app.pid()), "properties")));
        assertTrue(jattach.exitCode() != 0, jattach::toString);

        // the owner starts the local connector; its TCP port is visible to all, its address is not
        Result started = run(List.of("jattach", String.valueOf(app.pid()), "jcmd", "ManagementAgent.start_local"));
        assertEquals(0, started.exitCode(), started::toString);
        Result agent = run(List.of("jattach", String.valueOf(app.pid()), "agentProperties"));
        Properties properties = new Properties();
        properties.load(new StringReader(agent.out().substring(agent.out().indexOf('\n') + 1)));
        String address = properties.getProperty("com.sun.management.jmxremote.localConnectorAddress");
        String port = app.listeningSockets().iterator().next().replaceAll(".*:", "");
        Path probe = Path.of(AttachJarIT.class.getClassLoader().getResource("probe/JmxProbe.java").toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Result guessed = run(asNobody(List.of(java, probe.toString(),
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + Integer.parseInt(port, 16) + "/jmxrmi")));
        assertTrue(guessed.out().contains("refused: ") && guessed.out().contains("no such object in table"), guessed::toString);
        Result withAddress = run(asNobody(List.of(java, probe.toString(), address)));
        assertTrue(withAddress.out().contains("connected: "), "the address is the only secret: " + withAddress);
    }
}
