package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.core.SessionConfig;
import io.waymark.core.Tracing;
import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version handshake of {@link BackendFactory#requestedSpiVersion()}: which backends are refused, and how. */
class SpiHandshakeTest {

    @TempDir
    Path dir;

    static BackendFactory requesting(String version) {
        return new BackendFactory() {
            @Override
            public String name() {
                return "versioned";
            }

            @Override
            public String requestedSpiVersion() {
                return version;
            }

            @Override
            public Backend create(BackendContext context) {
                return event -> {};
            }
        };
    }

    @Test
    void theSameMajorAndAnOlderOrEqualMinorAreAccepted() {
        assertTrue(SpiHandshake.compatible("1.0", "1.0"));
        assertTrue(SpiHandshake.compatible("1.0", "1.3"));
        assertFalse(SpiHandshake.compatible("1.4", "1.3"), "a backend built for a newer minor may call what this runtime lacks");
        assertFalse(SpiHandshake.compatible("2.0", "1.0"));
        assertFalse(SpiHandshake.compatible("0.9", "1.0"));
        for (String malformed : new String[] {null, "", "1", "1.0.0", "x.y", "-1.0", "1.-1", " 1.0"}) {
            assertFalse(SpiHandshake.compatible(malformed, "1.0"), String.valueOf(malformed));
        }
        assertEquals(Optional.empty(), SpiHandshake.refusal(requesting(BackendFactory.SPI_VERSION)));
    }

    @Test
    void aBackendForAnotherVersionIsRefusedWithBothVersionsAndTheRemedy() {
        String refusal = SpiHandshake.refusal(requesting("1.0")).orElseThrow(); // SPI 2.0 removed the in-place RecordSink of 1.x
        assertTrue(refusal.startsWith("backend 'versioned' ("), refusal);
        assertTrue(refusal.contains("built for Waymark SPI 1.0 but this runtime provides SPI " + BackendFactory.SPI_VERSION), refusal);
        assertTrue(refusal.contains("use a version of that backend built for SPI 2.x"), refusal);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tracing.createSession(SessionConfig.builder("refused").backend(requesting("2.99")).build()));
        assertTrue(e.getMessage().startsWith("session 'refused': backend 'versioned'"), e.getMessage());
        assertTrue(Tracing.sessions().stream().noneMatch(s -> s.name().equals("refused")));
    }

    @Test
    void aCatalogLeavesRefusedBackendsOutAndSaysWhyWhenOneIsAskedFor() {
        BackendCatalog catalog = new BackendCatalog(List.of(requesting("7.0")));
        assertEquals(List.of(), catalog.names());
        assertEquals(1, catalog.refusals().size());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> catalog.defaultBackend(Optional.of("versioned"), "system property waymark.backend"));
        assertTrue(e.getMessage().contains("refused: backend 'versioned'") && e.getMessage().contains("SPI 7.0"), e.getMessage());
    }

    /**
     * A backend compiled against the SPI before the handshake existed: its class has no
     * {@code requestedSpiVersion()}, so calling it would throw {@link AbstractMethodError}. It is refused with one
     * line, found by {@link java.util.ServiceLoader} or passed directly, and no linkage error escapes.
     */
    @Test
    void aBackendBuiltBeforeTheHandshakeIsRefusedNotALinkageError() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src/io/waymark/spi"));
        Files.createDirectories(dir.resolve("src/old"));
        Files.writeString(sources.resolve("BackendFactory.java"), """
                package io.waymark.spi;
                public interface BackendFactory {
                    String name();
                    Backend create(BackendContext context);
                }
                """);
        Files.writeString(dir.resolve("src/old/OldFactory.java"), """
                package old;
                import io.waymark.spi.*;
                public final class OldFactory implements BackendFactory {
                    public String name() { return "old"; }
                    public Backend create(BackendContext context) { return event -> {}; }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = Stream.of(System.getProperty("java.class.path"), System.getProperty("jdk.module.path"))
                .filter(p -> p != null && !p.isEmpty()).collect(Collectors.joining(File.pathSeparator));
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        int rc = javac.run(System.out, System.err, "-d", classes.toString(), "-cp", classPath, "--release", "17",
                sources.resolve("BackendFactory.java").toString(), dir.resolve("src/old/OldFactory.java").toString());
        assertEquals(0, rc);
        Files.delete(classes.resolve("io/waymark/spi/BackendFactory.class")); // the real one is the runtime's
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve("META-INF/services/io.waymark.spi.BackendFactory"), "old.OldFactory\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, BackendFactory.class.getClassLoader())) {
            BackendFactory old = (BackendFactory) loader.loadClass("old.OldFactory").getConstructor().newInstance();
            assertThrows(AbstractMethodError.class, old::requestedSpiVersion, "the fixture really lacks the method");
            String refusal = SpiHandshake.refusal(old).orElseThrow();
            assertTrue(refusal.startsWith("backend 'old' (old.OldFactory from file:"), refusal);
            assertTrue(refusal.contains("built for a Waymark SPI older than " + BackendFactory.SPI_VERSION), refusal);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tracing.createSession(SessionConfig.builder("old").backend(old).build()));
            assertTrue(e.getMessage().contains("older than"), e.getMessage());

            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                BackendCatalog catalog = BackendCatalog.load();
                assertFalse(catalog.names().contains("old"), catalog.names().toString());
                assertTrue(catalog.refusals().stream().anyMatch(r -> r.startsWith("backend 'old'")), catalog.refusals().toString());
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
