package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Level;
import io.waymark.Waymark;
import io.waymark.core.fixtures.RecordingBackend;
import io.waymark.core.fixtures.ShopEvents;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import io.waymark.spi.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private static final ShopEvents SHOP = Waymark.provider(ShopEvents.class);

    private final RecordingBackend.Factory factory = new RecordingBackend.Factory("recording");

    @AfterEach
    void closeSessions() {
        Tracing.sessions().forEach(Session::close);
    }

    private Session start(SessionConfig.Builder builder) {
        Session session = Tracing.createSession(builder.backend(factory).build());
        session.start();
        return session;
    }

    @Test
    void providerIsRegisteredWithItsSchema() {
        EventType placed = Tracing.providers().stream()
                .filter(p -> p.name().equals("coretest.shop"))
                .findFirst().orElseThrow()
                .events().get(0);
        assertEquals("coretest.shop:orderPlaced", placed.qualifiedName());
        assertEquals(1, placed.id());
        assertEquals(List.of("orderId", "quantity", "sku"), placed.fields().stream().map(f -> f.name()).toList());
    }

    @Test
    void dormantTracepointDeliversNothingAndReportsDisabled() {
        Session session = start(SessionConfig.builder("other").enable("nothing.here:*"));
        SHOP.orderPlaced(1, 2, "x");
        assertFalse(SHOP.orderPlacedEnabled());
        assertTrue(factory.last().events.isEmpty());
        session.close();
    }

    @Test
    void enabledEventsArriveWithTheirValues() {
        Session session = start(SessionConfig.builder("s").enable("coretest.shop:orderPlaced"));
        assertTrue(SHOP.orderPlacedEnabled());
        SHOP.orderPlaced(42, 3, "SKU-1");
        SHOP.cacheMiss("not enabled");
        assertEquals(List.of("coretest.shop:orderPlaced[42, 3, SKU-1]"), List.copyOf(factory.last().events));
        assertTrue(factory.last().providers.contains("coretest.shop"), "the backend was told about the provider");
        session.close();
        assertTrue(factory.last().flushed);
        assertTrue(factory.last().closed);
        assertFalse(SHOP.orderPlacedEnabled(), "closing the only session turns the tracepoint off");
    }

    @Test
    void eachEventReachesExactlyTheSessionsThatEnabledIt() {
        RecordingBackend.Factory second = new RecordingBackend.Factory("second");
        Session all = start(SessionConfig.builder("all").enable("coretest.shop"));
        RecordingBackend allBackend = factory.last();
        Session warnOnly = Tracing.createSession(SessionConfig.builder("warn").backend(second).enable("coretest.*:*")
                .minLevel(Level.WARN).build());
        warnOnly.start();
        Session stableOnly = Tracing.createSession(SessionConfig.builder("stable").backend(second).enable("coretest.shop:*")
                .stableOnly(true).build());
        stableOnly.start();

        SHOP.orderPlaced(1, 1, "a");
        SHOP.cacheMiss("k");
        SHOP.paymentFailed(1, "declined");

        assertEquals(List.of("coretest.shop:orderPlaced[1, 1, a]", "coretest.shop:cacheMiss[k]",
                "coretest.shop:paymentFailed[1, declined]"), List.copyOf(allBackend.events));
        assertEquals(List.of("coretest.shop:paymentFailed[1, declined]"), List.copyOf(second.created.get(0).events));
        assertEquals(List.of("coretest.shop:orderPlaced[1, 1, a]", "coretest.shop:paymentFailed[1, declined]"),
                List.copyOf(second.created.get(1).events));
    }

    @Test
    void tracepointStaysOnWhileAnySessionWantsIt() {
        Session a = start(SessionConfig.builder("a").enable("coretest.shop:orderPlaced"));
        Session b = start(SessionConfig.builder("b").enable("coretest.shop:order*"));
        a.stop();
        assertTrue(SHOP.orderPlacedEnabled());
        b.stop();
        assertFalse(SHOP.orderPlacedEnabled());
        a.start();
        assertTrue(SHOP.orderPlacedEnabled());
    }

    @Test
    void disablingRuleExcludesAndLaterRulesWin() {
        Session session = start(SessionConfig.builder("rules").enable("coretest.shop"));
        session.disable("coretest.shop:cacheMiss");
        SHOP.cacheMiss("dropped");
        SHOP.orderPlaced(7, 1, "kept");
        session.enable("coretest.shop:cache*");
        SHOP.cacheMiss("kept too");
        assertEquals(List.of("coretest.shop:orderPlaced[7, 1, kept]", "coretest.shop:cacheMiss[kept too]"),
                List.copyOf(factory.last().events));
        assertEquals(List.of("coretest.shop", "!coretest.shop:cacheMiss", "coretest.shop:cache*"), session.rules());
    }

    @Test
    void stoppedSessionReceivesNothingAndCanRestart() {
        Session session = start(SessionConfig.builder("restart").enable("coretest.shop:orderPlaced"));
        session.stop();
        assertEquals(SessionState.STOPPED, session.state());
        SHOP.orderPlaced(1, 1, "while stopped");
        session.start();
        SHOP.orderPlaced(2, 2, "after restart");
        assertEquals(List.of("coretest.shop:orderPlaced[2, 2, after restart]"), List.copyOf(factory.last().events));
    }

    @Test
    void closedSessionRejectsChangesAndFreesItsName() {
        Session session = start(SessionConfig.builder("closing").enable("coretest.shop"));
        session.close();
        session.close();
        assertEquals(SessionState.CLOSED, session.state());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.enable("x"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, session::start);
        start(SessionConfig.builder("closing").enable("coretest.shop")).close();
    }

    @Test
    void restartingDoesNotAnnounceProvidersAgain() {
        Session session = start(SessionConfig.builder("announce").enable("coretest.shop"));
        session.stop();
        session.start();
        assertEquals(1, factory.last().providers.stream().filter("coretest.shop"::equals).count());
    }

    @Test
    void bangIsRejectedWherePatternsAreBare() {
        Session session = start(SessionConfig.builder("bang"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.enable("!coretest.shop"));
        assertTrue(e.getMessage().contains("disable(\"coretest.shop\")"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> session.disable("!coretest.shop"));
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.builder("x").enable("!coretest.shop"));
        assertEquals(List.of(), session.rules());
    }

    @Test
    void duplicateSessionNameIsRejected() {
        start(SessionConfig.builder("dup"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tracing.createSession(SessionConfig.builder("dup").backend(factory).build()));
        assertTrue(e.getMessage().contains("'dup' is already open"), e.getMessage());
    }

    @Test
    void malformedPatternsAreRejectedWithTheirText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.builder("bad").enable("shop orders"));
        assertTrue(e.getMessage().contains("'shop orders'"), e.getMessage());
        Session session = start(SessionConfig.builder("bad2"));
        assertThrows(IllegalArgumentException.class, () -> session.enable("a:b:c"));
        assertThrows(IllegalArgumentException.class, () -> session.disable(""));
    }

    @Test
    void unknownBackendNameIsRejectedWithTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tracing.createSession(SessionConfig.builder("x").backend("nosuch").build()));
        assertTrue(e.getMessage().contains("no backend called 'nosuch'"), e.getMessage());
    }

    @Test
    void enabledEventTypesListsWhatTheSessionWants() {
        Session session = start(SessionConfig.builder("types").enable("coretest.shop:*").minLevel(Level.INFO));
        assertEquals(List.of("coretest.shop:orderPlaced", "coretest.shop:paymentFailed"),
                session.enabledEventTypes().stream().map(EventType::qualifiedName).toList());
    }

    /** A backend declaring {@code names} as its settings; keeps the context of each backend it creates. */
    private static final class Declaring implements BackendFactory {
        private final Set<String> names;
        final List<BackendContext> created = new ArrayList<>();

        Declaring(Set<String> names) {
            this.names = names;
        }

        @Override
        public String name() {
            return "declaring";
        }

        @Override
        public String requestedSpiVersion() {
            return BackendFactory.SPI_VERSION;
        }

        @Override
        public Optional<Set<String>> settingNames() {
            return Optional.of(names);
        }

        @Override
        public Backend create(BackendContext context) {
            created.add(context);
            return event -> {};
        }
    }

    @Test
    void aSettingTheBackendDoesNotDeclareIsRefusedNamingTheClosestOne() {
        Declaring declaring = new Declaring(Set.of("capacity", "directory"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("typo").backend(declaring).setting("capasity", "10").setting("directory", "d").build()));
        assertEquals("session 'typo': backend 'declaring' has no setting 'capasity' (did you mean 'capacity'?); "
                + "its settings are [capacity, directory]", e.getMessage());
        assertTrue(declaring.created.isEmpty(), "refused before the backend is created");
        assertTrue(Tracing.sessions().isEmpty());

        e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("two").backend(declaring).setting("colour", "red").setting("capacityy", "1").build()));
        assertEquals("session 'two': backend 'declaring' has no settings 'capacityy' (did you mean 'capacity'?), 'colour'; "
                + "its settings are [capacity, directory]", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Tracing.createSession(
                SessionConfig.builder("none").backend(new Declaring(Set.of())).setting("capacity", "1").build()));
        assertEquals("session 'none': backend 'declaring' has no setting 'capacity'; it takes no settings", e.getMessage());

        Tracing.createSession(SessionConfig.builder("known").backend(declaring).setting("capacity", "10").build()).close();
        assertEquals(Map.of("capacity", "10"), declaring.created.get(0).settings());
    }

    @Test
    void aBackendThatDeclaresNoSettingsGetsEveryOneUnchecked() {
        Session session = Tracing.createSession(SessionConfig.builder("free").backend(factory).setting("anything", "x").build());
        assertEquals(SessionState.CREATED, session.state());
        session.close();
    }

    @Test
    void aSnapshotNeedsABackendThatTakesThem() throws Exception {
        Session session = start(SessionConfig.builder("plain").enable("coretest.shop:*"));
        java.nio.file.Path target = java.nio.file.Path.of("target", "no-snapshot");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> session.snapshot(target));
        assertTrue(e.getMessage().startsWith("session 'plain': backend 'recording' takes no snapshots; use a backend that keeps "
                + "recent events in memory, such as ctf with mode=overwrite (" + RecordingBackend.class.getName()), e.getMessage());
        session.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> session.snapshot(target));
        assertEquals("cannot take a snapshot of session 'plain': it is closed; create a new session", closed.getMessage());
    }
}
