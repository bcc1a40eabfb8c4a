package io.waymark.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingNamesTest {

    private static final Set<String> CTF = Set.of("directory", "mode", "subbuffer-size", "subbuffer-count", "stripes",
            "flush-interval-ms");

    private static BackendFactory declaring(Optional<Set<String>> names) {
        return new BackendFactory() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public String requestedSpiVersion() {
                return BackendFactory.SPI_VERSION;
            }

            @Override
            public Optional<Set<String>> settingNames() {
                return names;
            }

            @Override
            public Backend create(BackendContext context) {
                return event -> {};
            }
        };
    }

    @Test
    void aTypingMistakeGetsTheClosestDeclaredName() {
        assertEquals(Optional.of("subbuffer-size"), SettingNames.closest("subbufer-size", CTF));
        assertEquals(Optional.of("subbuffer-count"), SettingNames.closest("subbuffer-cont", CTF));
        assertEquals(Optional.of("mode"), SettingNames.closest("Mode", CTF));
        assertEquals(Optional.of("flush-interval-ms"), SettingNames.closest("flush-interval", CTF));
    }

    @Test
    void anotherWordGetsNoSuggestion() {
        assertEquals(Optional.empty(), SettingNames.closest("colour", CTF));
        assertEquals(Optional.empty(), SettingNames.closest("x", Set.of()));
    }

    @Test
    void onlyUndeclaredNamesAreReportedSorted() {
        BackendFactory ctf = declaring(Optional.of(CTF));
        assertEquals(List.of(new SettingNames.Unknown("colour", Optional.empty()),
                        new SettingNames.Unknown("modes", Optional.of("mode"))),
                SettingNames.unknown(ctf, List.of("modes", "directory", "colour")));
        assertEquals("its settings are [directory, flush-interval-ms, mode, stripes, subbuffer-count, subbuffer-size]",
                SettingNames.declared(ctf));
        assertEquals("it takes no settings", SettingNames.declared(declaring(Optional.of(Set.of()))));
    }

    @Test
    void aBackendThatDeclaresNothingAcceptsEverything() {
        assertEquals(List.of(), SettingNames.unknown(declaring(Optional.empty()), List.of("anything")));
    }
}
