package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.core.fixtures.RecordingBackend;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendCatalogTest {

    private final RecordingBackend.Factory alpha = new RecordingBackend.Factory("alpha");
    private final RecordingBackend.Factory beta = new RecordingBackend.Factory("beta");

    @Test
    void theOnlyBackendIsTheDefault() {
        assertSame(alpha, new BackendCatalog(List.of(alpha)).defaultBackend(Optional.empty(), "system property waymark.backend"));
    }

    @Test
    void configurationPicksAmongSeveral() {
        BackendCatalog catalog = new BackendCatalog(List.of(alpha, beta));
        assertSame(beta, catalog.defaultBackend(Optional.of("beta"), "system property waymark.backend"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> catalog.defaultBackend(Optional.empty(), "system property waymark.backend"));
        assertTrue(e.getMessage().contains("[alpha, beta]") && e.getMessage().contains("waymark.backend"), e.getMessage());
    }

    @Test
    void noBackendExplainsWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new BackendCatalog(List.of()).defaultBackend(Optional.empty(), "system property waymark.backend"));
        assertTrue(e.getMessage().contains("add io.waymark:waymark-backend-ctf to record traces"), e.getMessage());
    }

    @Test
    void unknownConfiguredNameListsTheAvailableOnes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new BackendCatalog(List.of(alpha)).defaultBackend(Optional.of("ctf"), "environment variable WAYMARK_BACKEND"));
        assertEquals("environment variable WAYMARK_BACKEND='ctf' names no backend on the class path; available: [alpha]; "
                + "set it to one of them, or add the jar of backend 'ctf'", e.getMessage());
    }

    @Test
    void serviceLoaderFindsNothingOnCoreTestClassPath() {
        assertEquals(List.of(), BackendCatalog.load().names());
    }
}
