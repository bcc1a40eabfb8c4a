package io.waymark.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waymark.processor.schema.EnumConstant;
import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.EventStability;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.RetiredEvent;
import io.waymark.processor.schema.SchemaChange;
import io.waymark.processor.schema.SchemaCompatibility;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaRule;
import io.waymark.processor.schema.SchemaSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The schema API that tools reuse: comparing sets of providers, classifying changes, reading documents. */
class SchemaCompatibilityTest {

    private static FieldSchema field(String name, String type) {
        return new FieldSchema(name, type, 1, null, null, List.of(), null);
    }

    private static EventSchema event(int id, String name, EventStability stability, int version, FieldSchema... fields) {
        return new EventSchema(id, name, stability, "INFO", version, false, null, List.of(fields));
    }

    private static ProviderSchema provider(String name, List<EventSchema> events, RetiredEvent... retired) {
        return new ProviderSchema(name, "p." + name, events, List.of(retired));
    }

    private static final ProviderSchema ORDERS = provider("orders", List.of(
            event(1, "placed", EventStability.STABLE, 1, field("id", "long"), new FieldSchema("status", "enum", 1, null,
                    "p.Status", List.of(new EnumConstant("NEW", 0), new EnumConstant("PAID", 1)), null)),
            event(2, "debug", EventStability.UNSTABLE, 1, field("s", "string"))));

    @DisplayName("compare: a provider with stable events removed is WM117, a new one WM210")
    @Test
    void providersRemovedAndAdded() {
        ProviderSchema other = provider("other", List.of(event(1, "x", EventStability.UNSTABLE, 1)));
        List<SchemaChange> changes = SchemaCompatibility.compare(new SchemaSet(List.of(ORDERS)), new SchemaSet(List.of(other)));
        assertEquals(List.of("WM117", "WM210"), changes.stream().map(SchemaChange::ruleId).toList());
        assertTrue(changes.get(0).breaking());
        assertEquals("orders", changes.get(0).provider());
        assertEquals("[WM117] provider orders (p.orders) with stable events was removed; restore it, or retire its stable"
                + " events with @Retired on an otherwise empty provider", changes.get(0).describe());
    }

    @DisplayName("compare: compatible changes are classified and not breaking")
    @Test
    void compatibleChangesAreClassified() {
        ProviderSchema next = provider("orders", List.of(
                event(1, "placed", EventStability.STABLE, 2, field("id", "long"), new FieldSchema("status", "enum", 1, null,
                        "p.Status", List.of(new EnumConstant("NEW", 0), new EnumConstant("PAID", 1),
                        new EnumConstant("SHIPPED", 2)), null), new FieldSchema("note", "string", 2, "", null, List.of(), null)),
                event(2, "debug", EventStability.STABLE, 1, field("s", "string")),
                event(3, "added", EventStability.STABLE, 1)));
        List<SchemaChange> changes = SchemaCompatibility.compare(ORDERS, next);
        assertEquals(List.of("WM201", "WM202", "WM203", "WM206"), changes.stream().map(SchemaChange::ruleId).sorted().toList());
        assertTrue(SchemaCompatibility.breaking(changes).isEmpty(), changes.toString());
        SchemaChange appended = changes.stream().filter(c -> c.rule() == SchemaRule.FIELD_APPENDED).findFirst().orElseThrow();
        assertEquals("note", appended.field());
        assertEquals("placed", appended.event());
        assertEquals(1, appended.eventId());
    }

    @DisplayName("compare: a breaking change carries its rule, event, field, message and remedy")
    @Test
    void breakingChangesCarryTheirLocation() {
        ProviderSchema next = provider("orders", List.of(event(1, "placed", EventStability.STABLE, 1, field("id", "int"),
                ORDERS.events().get(0).fields().get(1))));
        List<SchemaChange> changes = SchemaCompatibility.breaking(SchemaCompatibility.compare(ORDERS, next));
        assertEquals(1, changes.size(), changes.toString());
        SchemaChange change = changes.get(0);
        assertEquals(SchemaRule.FIELD_TYPE_CHANGED, change.rule());
        assertEquals("id", change.field());
        assertEquals("field 'id' of stable event orders:placed (id 1) changed its type from long to int", change.message());
        assertEquals("keep the type long; for a value of another type append a new field and raise the version", change.remedy());
    }

    @DisplayName("json: a lock file reads back to the same set; malformed documents are rejected with the key")
    @Test
    void lockFilesRoundTrip() {
        SchemaSet set = new SchemaSet(List.of(provider("z", List.of()),
                provider("orders", ORDERS.events(), new RetiredEvent(5, "gone", "why"))));
        String json = SchemaJson.write(set);
        assertEquals(set, SchemaJson.readSet(json));
        assertEquals(json, SchemaJson.write(SchemaJson.readSet(json)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.readSet(
                json.replace("\"type\": \"long\"", "\"type\": \"decimal\"")));
        assertTrue(e.getMessage().startsWith("providers[0].events[0].fields[0]: field 'id': unknown type 'decimal'"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.readSet(json.replace("\"format\": 1", "\"format\": 2")));
        assertTrue(e.getMessage().contains("format 2 is not supported"), e.getMessage());
    }
}
