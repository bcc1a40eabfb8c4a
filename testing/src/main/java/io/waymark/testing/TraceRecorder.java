package io.waymark.testing;

import io.waymark.Level;
import io.waymark.backend.memory.MemoryBackend;
import io.waymark.backend.memory.MemoryBackendFactory;
import io.waymark.backend.memory.RecordedEvent;
import io.waymark.core.Session;
import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.spi.DiscardReason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that records the events of each test in its own tracing session, with fluent
 * assertions on them:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TraceRecorder trace = TraceRecorder.enable("shop.orders:*").minLevel(Level.INFO);
 *
 * @Test
 * void placingAnOrderIsTraced() {
 *     orders.place(42L, 3, "SKU-1");
 *     trace.assertEvents()
 *          .next("shop.orders:orderPlaced").field("orderId", 42L).field("quantity", 3)
 *          .next("shop.orders:paymentAccepted").field("method", PaymentMethod.CARD)
 *          .noMore();
 * }
 * }</pre>
 *
 * <p><b>Life cycle.</b> Before each test (and before its {@code @BeforeEach} methods) the recorder
 * creates and starts a session with a {@link MemoryBackend} and the recorder's patterns, level and
 * stability filter; after the test (and after its {@code @AfterEach} methods) it closes the session.
 * Recording is per test only, deliberately: there is no class-wide session, so events of one test
 * never reach the assertions of another. A {@code static} field works too and still gives each test
 * its own session. One recorder serves one test at a time: with parallel test execution, use an
 * instance field in a class with the default per-method life cycle.
 *
 * <p><b>Configuration.</b> {@link #enable(String...)}, {@link #minLevel(Level)},
 * {@link #stableOnly()} and {@link #capacity(int)} each return a new recorder; configure it where the
 * field is declared. Events come from every thread, not only the test's.
 *
 * <p><b>Assertions</b> fail with {@link org.opentest4j.AssertionFailedError} whose message says what
 * was expected and lists the events actually recorded.
 */
public final class TraceRecorder implements BeforeEachCallback, AfterEachCallback {

    private static final AtomicLong SESSION_NUMBERS = new AtomicLong();

    private final List<String> patterns;
    private final Level minLevel;
    private final boolean stableOnly;
    private final int capacity;

    // Written under this lock by the callbacks; volatile because the accessors may run on threads the test starts.
    private volatile Session session;
    private volatile MemoryBackend backend;
    private String testId;

    private TraceRecorder(List<String> patterns, Level minLevel, boolean stableOnly, int capacity) {
        this.patterns = patterns;
        this.minLevel = minLevel;
        this.stableOnly = stableOnly;
        this.capacity = capacity;
    }

    /**
     * A recorder of the events matching {@code patterns}: rules as in {@code waymark.enable}
     * ({@link SessionConfig.Builder#rule}), {@code provider:event} globs such as {@code "shop.orders:*"},
     * a leading {@code '!'} excluding, as in {@code "!shop.orders:cacheMiss"}. Rules apply in order; the
     * last one that matches an event decides.
     *
     * @throws IllegalArgumentException when no pattern is given or one is malformed
     */
    public static TraceRecorder enable(String... patterns) {
        Objects.requireNonNull(patterns, "patterns");
        if (patterns.length == 0) {
            throw new IllegalArgumentException("TraceRecorder.enable needs at least one pattern, such as \"shop.orders:*\"");
        }
        List<String> rules = List.of(patterns); // rejects null patterns
        configure(SessionConfig.builder("validation"), rules); // fail at the field declaration, not in every test
        return new TraceRecorder(rules, Level.TRACE, false, MemoryBackendFactory.DEFAULT_CAPACITY);
    }

    /** A recorder like this one that records only events at least as severe as {@code level}. */
    public TraceRecorder minLevel(Level level) {
        return new TraceRecorder(patterns, Objects.requireNonNull(level, "level"), stableOnly, capacity);
    }

    /** A recorder like this one that records only {@link io.waymark.Stability#STABLE} events. */
    public TraceRecorder stableOnly() {
        return new TraceRecorder(patterns, minLevel, true, capacity);
    }

    /**
     * A recorder like this one that keeps at most {@code capacity} events per test (100000 by default);
     * later ones are counted as discarded ({@link DiscardReason#BUFFER_FULL}), and {@link EventSequenceAssert#noMore()}
     * then fails.
     *
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    public TraceRecorder capacity(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        return new TraceRecorder(patterns, minLevel, stableOnly, capacity);
    }

    private static SessionConfig.Builder configure(SessionConfig.Builder builder, List<String> rules) {
        return builder.rule(rules.toArray(new String[0])); // the one rule parser, as for waymark.enable
    }

    /** Creates and starts the test's session. */
    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (session != null) {
            throw new IllegalStateException("this TraceRecorder is already recording test '" + testId + "'; one recorder "
                    + "serves one test at a time: with parallel execution, declare it in an instance field");
        }
        String name = "test-" + context.getDisplayName() + "-" + SESSION_NUMBERS.incrementAndGet();
        SessionConfig.Builder builder = configure(SessionConfig.builder(name), patterns)
                .backend(new MemoryBackendFactory())
                .minLevel(minLevel)
                .stableOnly(stableOnly)
                .setting(MemoryBackendFactory.CAPACITY_SETTING, Integer.toString(capacity));
        Session created = Tracing.createSession(builder.build());
        try {
            created.start();
        } catch (RuntimeException | Error e) {
            created.close();
            throw e;
        }
        backend = (MemoryBackend) created.backend();
        testId = context.getUniqueId();
        session = created;
    }

    /** Closes the test's session. The recorded events stay readable until the next test starts. */
    @Override
    public synchronized void afterEach(ExtensionContext context) {
        // Only the test that started the session closes it (a failed beforeEach of another test must not).
        if (session != null && context.getUniqueId().equals(testId)) {
            Session closing = session;
            session = null;
            testId = null;
            closing.close();
        }
    }

    /** The events recorded so far in this test, in arrival order. */
    public List<RecordedEvent> events() {
        return backend().events();
    }

    /** The events recorded so far in this test whose qualified name is exactly {@code qualifiedName}. */
    public List<RecordedEvent> events(String qualifiedName) {
        return backend().events(qualifiedName);
    }

    /**
     * The current test's backend.
     *
     * @throws IllegalStateException outside a test, or when the recorder is not registered as an extension
     */
    public MemoryBackend backend() {
        MemoryBackend current = backend;
        if (current == null) {
            throw new IllegalStateException("this TraceRecorder has not recorded a test yet: register it with "
                    + "@RegisterExtension and use it from a test method");
        }
        return current;
    }

    /**
     * The current test's session, for example to {@link Session#stop() stop} recording early.
     *
     * @throws IllegalStateException when no test is running
     */
    public Session session() {
        Session current = session;
        if (current == null) {
            throw new IllegalStateException("this TraceRecorder has no session: no test is running, or it is not registered "
                    + "with @RegisterExtension");
        }
        return current;
    }

    /** The recorder's rules, as given to {@link #enable(String...)}. */
    public List<String> patterns() {
        return patterns;
    }

    /** Starts asserting on the events recorded so far, in arrival order, from the first one. */
    public EventSequenceAssert assertEvents() {
        MemoryBackend current = backend();
        List<RecordedEvent> recorded = current.events();
        return new EventSequenceAssert(recorded, session().statistics().discarded(), current.capacity());
    }

    /** Asserts that no event was recorded. */
    public void assertNone() {
        MemoryBackend current = backend();
        List<RecordedEvent> recorded = current.events();
        Map<DiscardReason, Long> discarded = session().statistics().discarded();
        long lost = Report.total(discarded);
        if (!recorded.isEmpty() || lost > 0) {
            long count = recorded.size() + lost;
            throw Report.failure("expected no events matching " + patterns + ", but " + count
                    + (count == 1 ? " was" : " were") + (lost == 0 ? " recorded" : " emitted"), "no events", count + " events", recorded, discarded,
                    current.capacity(), -1);
        }
    }

    /**
     * Asserts that an event called {@code qualifiedName} was recorded, and returns an assertion on the
     * first one; {@link EventAssert#next(String)} continues with the event right after it.
     */
    public EventAssert assertFired(String qualifiedName) {
        return assertEvents().first(qualifiedName);
    }

    @Override
    public String toString() {
        return "TraceRecorder" + patterns + "[minLevel=" + minLevel + (stableOnly ? ", stableOnly" : "") + ", capacity="
                + capacity + "]";
    }
}
