package io.waymark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.Waymark;
import io.waymark.core.fixtures.ShopEvents;
import io.waymark.spi.probe.ProbeRegistry;
import io.waymark.spi.probe.RegisteredProvider;
import org.junit.jupiter.api.Test;

/** The registry hands out each loaded provider's schema document, as the processor wrote it into the application. */
class SchemaDocumentTest {

    @Test
    void aLoadedProvidersSchemaDocumentComesFromItsOwnClassLoader() throws Exception {
        Waymark.provider(ShopEvents.class);
        RegisteredProvider shop = ProbeRegistry.providers().stream()
                .filter(p -> p.descriptor().name().equals("coretest.shop")).findFirst().orElseThrow();

        String document = shop.schemaDocument().orElseThrow(() -> new AssertionError("no schema document for coretest.shop"));

        try (var in = ShopEvents.class.getClassLoader().getResourceAsStream("META-INF/waymark/coretest.shop.schema.json")) {
            assertEquals(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), document,
                    "exactly the processor's output");
        }
        assertTrue(document.contains("\"orderPlaced\""), document);
    }
}
