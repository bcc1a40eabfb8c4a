package io.waymark.tools.internal;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The transport to local JVMs: the Attach API reads a JVM's system properties (no agent, nothing started in
 * it) and starts its local management agent ({@link VirtualMachine#startLocalManagementAgent()}, the JDK's own
 * JMX connector, not a dynamically loaded agent); JMX then reaches the {@code io.waymark:type=Tracing} MXBean.
 *
 * <p>Before attaching, the pid is checked: it must be a live process of this user (or this user is root) that
 * the Attach API lists as a JVM, since attaching signals the process ({@code SIGQUIT}) and a process that is not
 * a JVM would die of it.
 */
final class LocalJvms {

    /** The JDK's wait for a JVM's perf data to be ready, per JVM, while {@code VirtualMachine.list()} reads them. */
    private static final String SYNC_WAIT_PROPERTY = "sun.jvmstat.perdata.syncWaitMs";

    /** How long {@code list} waits for the JVMs to answer. */
    static final long LIST_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private LocalJvms() {}

    /**
     * Every local JVM of this user that answers, except this one, sorted by pid; {@code all} keeps those without
     * Waymark. The JVMs are asked at once, each on its own thread, so one slow JVM does not add up with the others;
     * those that do not answer within {@link #LIST_DEADLINE_NANOS} (a stopped process, a JVM starting up) are left
     * out with a note on {@code err}.
     */
    static List<Jvm> list(boolean all, PrintWriter err) {
        long self = ProcessHandle.current().pid();
        if (System.getProperty(SYNC_WAIT_PROPERTY) == null) {
            // the JDK reads each JVM's perf data one after the other and waits up to 5 s for one that is starting up
            System.setProperty(SYNC_WAIT_PROPERTY, "500");
        }
        List<VirtualMachineDescriptor> descriptors = VirtualMachine.list().stream()
                .filter(descriptor -> !descriptor.id().equals(String.valueOf(self))) // the JDK refuses to attach to itself
                .toList();
        if (descriptors.isEmpty()) {
            return List.of();
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(descriptors.size(), 32), runnable -> {
            Thread thread = new Thread(runnable, "waymark-list");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Jvm>> answers = new ArrayList<>();
            for (VirtualMachineDescriptor descriptor : descriptors) {
                answers.add(threads.submit(() -> describe(descriptor)));
            }
            List<Jvm> jvms = new ArrayList<>();
            long deadline = System.nanoTime() + LIST_DEADLINE_NANOS;
            for (int i = 0; i < answers.size(); i++) {
                try {
                    Jvm jvm = answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (jvm != null && (all || jvm.hasWaymark())) {
                        jvms.add(jvm);
                    }
                } catch (ExecutionException e) {
                    // not listed, as with jcmd -l
                } catch (TimeoutException e) {
                    err.println("waymark list: JVM " + descriptors.get(i).id() + " did not answer within "
                            + TimeUnit.NANOSECONDS.toSeconds(LIST_DEADLINE_NANOS) + " s (stopped, or busy starting up); not listed");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            jvms.sort(Comparator.comparingLong(Jvm::pid));
            return jvms;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The JVM behind {@code descriptor}, or null when it is gone meanwhile, of another user or does not answer. */
    private static Jvm describe(VirtualMachineDescriptor descriptor) {
        try {
            if (!runsHotSpot(descriptor.id())) {
                return null; // a perf data file left by a JVM that died, its pid now another program's
            }
            long pid = Long.parseLong(descriptor.id());
            return Jvm.of(pid, systemProperties(descriptor.id()), environmentVariable(pid, Jvm.MANAGEMENT_VARIABLE));
        } catch (AttachNotSupportedException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** A JVM attached to, with its system properties read; {@link #close()} detaches. */
    private record Attached(Jvm jvm, VirtualMachine vm) implements AutoCloseable {

        @Override
        public void close() {
            try {
                vm.detach();
            } catch (IOException e) {
                // detaching only closes this side's socket
            }
        }
    }

    /**
     * Attaches to JVM {@code pid} and reads its system properties, after checking that it is a live process of this
     * user that is a JVM.
     *
     * @throws CommandException when there is no such process, it belongs to another user, it is not a JVM that can
     *     be attached to, or attaching fails
     */
    private static Attached attach(long pid) throws CommandException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw new CommandException("no process with pid " + pid + "; 'waymark list' shows the local JVMs that run Waymark");
        }
        checkSameUser(pid, process.get());
        String id = String.valueOf(pid);
        if (!isJvm(id)) {
            throw new CommandException("process " + pid + process.get().info().command().map(command -> " (" + command + ")").orElse("")
                    + " is not a JVM that the Attach API can reach (not Java, or started with -XX:+DisableAttachMechanism or "
                    + "-XX:-UsePerfData); 'waymark list' shows the JVMs that run Waymark");
        }
        VirtualMachine vm = null;
        try {
            vm = VirtualMachine.attach(id);
            return new Attached(Jvm.of(pid, vm.getSystemProperties(), environmentVariable(pid, Jvm.MANAGEMENT_VARIABLE)), vm);
        } catch (AttachNotSupportedException | IOException e) {
            if (vm != null) {
                new Attached(null, vm).close();
            }
            throw new CommandException("cannot attach to JVM " + pid + ": " + oneLine(e) + "; check that it is a HotSpot JVM "
                    + "of this user that is not started with -XX:+DisableAttachMechanism", e);
        }
    }

    /**
     * Connects to the Waymark MXBean of JVM {@code pid}: checks that Waymark runs there and accepts outside control
     * before starting anything in it, then starts its local management agent (idempotent) and connects over JMX.
     * One attach does both.
     *
     * @throws CommandException naming the problem and the remedy
     */
    static TracingClient connect(long pid) throws CommandException {
        Jvm jvm;
        String address;
        try (Attached attached = attach(pid)) {
            jvm = attached.jvm();
            if (!jvm.hasWaymark()) {
                throw new CommandException("JVM " + jvm.describe() + " has not started Waymark (no " + Jvm.VERSION_PROPERTY
                        + " property): put waymark-core on its class path and load a provider, or pick another pid from 'waymark list'");
            }
            if (jvm.management().equals("off")) {
                throw new CommandException("JVM " + jvm.describe() + " refuses outside control of tracing (waymark.management=off); "
                        + "its owner can allow it by starting it with -Dwaymark.management=on (or readonly to allow inspection)");
            }
            try {
                address = attached.vm().startLocalManagementAgent();
            } catch (IOException e) {
                throw new CommandException("cannot start the local management agent of JVM " + jvm.describe() + ": " + oneLine(e)
                        + "; check that the JVM runs with the java.management module (not a jlink image without it)", e);
            }
        }
        JMXConnector connector = null;
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            return new TracingClient(jvm, connector);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connector);
            throw new CommandException("cannot connect to the local JMX connector of JVM " + jvm.describe() + " at " + address
                    + ": " + oneLine(e) + "; retry, or check that the JVM is not shutting down", e);
        }
    }

    /**
     * Whether process {@code id} is a HotSpot JVM: its attach listener's socket or its perf data file exists in its
     * {@code /tmp} (what {@code VirtualMachine.list()} reads, without waiting on JVMs that are starting up).
     */
    private static boolean isJvm(String id) {
        if (!runsHotSpot(id)) {
            return false;
        }
        Path tmp = Path.of("/proc", id, "root", "tmp");
        if (!Files.isDirectory(tmp)) {
            return VirtualMachine.list().stream().anyMatch(descriptor -> descriptor.id().equals(id));
        }
        if (Files.exists(tmp.resolve(".java_pid" + id))) {
            return true;
        }
        try (DirectoryStream<Path> users = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
            for (Path user : users) {
                if (Files.exists(user.resolve(id))) {
                    return true;
                }
            }
        } catch (IOException e) {
            // unreadable: not one this user can attach to
        }
        return false;
    }

    private static void closeQuietly(JMXConnector connector) {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException | RuntimeException e) {
                // only this side's socket
            }
        }
    }

    /**
     * Whether process {@code id} has the JVM's library mapped. Attaching signals the process (SIGQUIT), which kills
     * most programs that are not JVMs, and a crashed JVM's perf data file outlives it while its pid is reused; so
     * where {@code /proc} tells, the process itself must be a JVM, not only have been one.
     */
    private static boolean runsHotSpot(String id) {
        Path maps = Path.of("/proc", id, "maps");
        if (!Files.isReadable(maps)) {
            return !Files.isDirectory(Path.of("/proc")); // no procfs: leave it to the Attach API
        }
        try (Stream<String> lines = Files.lines(maps, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.endsWith("/libjvm.so"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static Properties systemProperties(String id) throws AttachNotSupportedException, IOException {
        VirtualMachine vm = VirtualMachine.attach(id);
        try {
            return vm.getSystemProperties();
        } finally {
            vm.detach();
        }
    }

    /**
     * Refuses early, with the remedy, what the JDK would refuse with an obscure message: attaching to a JVM of
     * another user (root may attach to any).
     */
    private static void checkSameUser(long pid, ProcessHandle process) throws CommandException {
        Path procSelf = Path.of("/proc/self");
        Path procTarget = Path.of("/proc", String.valueOf(pid));
        if (!Files.isDirectory(procSelf)) {
            return; // not Linux: the JDK checks on its own
        }
        try {
            int self = (Integer) Files.getAttribute(procSelf, "unix:uid");
            int target = (Integer) Files.getAttribute(procTarget, "unix:uid");
            if (self != 0 && self != target) {
                String owner = Files.getOwner(procTarget).getName();
                throw new CommandException("JVM " + pid + " belongs to user '" + owner + "' and waymark runs as user '"
                        + System.getProperty("user.name") + "': only the JVM's own user can attach; run it as that user, "
                        + "e.g. sudo -u " + owner + " waymark ...");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // the attributes are not available: the JDK checks on its own
        }
    }

    /** A variable of the process's environment, when this user can read it (Linux), else null. */
    private static String environmentVariable(long pid, String name) {
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
            String prefix = name + "=";
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(prefix)) {
                    return entry.substring(prefix.length());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the system property alone decides
        }
        return null;
    }

    /** The exception's message on one line, or its class name when it has none. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
