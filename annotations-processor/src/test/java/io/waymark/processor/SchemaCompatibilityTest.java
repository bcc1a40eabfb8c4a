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

    @DisplayName("compare: a stable event that lost every field is WM101 per field, under every field rule")
    @Test
    void everyFieldRemoved() {
        // each field rule pairs baseline positions with current ones; none may index the empty current event
        ProviderSchema next = provider("orders", List.of(event(1, "placed", EventStability.STABLE, 1),
                ORDERS.events().get(1)));
        List<SchemaChange> changes = SchemaCompatibility.compare(ORDERS, next);
        assertEquals(List.of("WM101 id", "WM101 status"), changes.stream().map(c -> c.ruleId() + " " + c.field()).toList());
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

    private static List<String> rules(List<SchemaChange> changes) {
        return changes.stream().map(SchemaChange::ruleId).toList();
    }

    private static FieldSchema appended(String name, int since, String defaultValue) {
        return new FieldSchema(name, "string", since, defaultValue, null, List.of(), null);
    }

    private static ProviderSchema ordersWith(int version, FieldSchema... appendedFields) {
        List<FieldSchema> fields = new java.util.ArrayList<>(ORDERS.events().get(0).fields());
        fields.addAll(List.of(appendedFields));
        return provider("orders", List.of(event(1, "placed", EventStability.STABLE, version, fields.toArray(FieldSchema[]::new)),
                ORDERS.events().get(1)));
    }

    @DisplayName("compare: a renamed provider with stable events is one WM119, not a removal and an addition")
    @Test
    void aRenamedProviderIsOneChange() {
        ProviderSchema renamed = new ProviderSchema("orders.v2", ORDERS.interfaceName(), ORDERS.events(), ORDERS.retired());
        List<SchemaChange> changes = SchemaCompatibility.compare(new SchemaSet(List.of(ORDERS)), new SchemaSet(List.of(renamed)));
        assertEquals(List.of("WM119"), rules(changes));
        assertEquals("[WM119] provider interface p.orders declares the name 'orders.v2', but the baseline has it as provider"
                + " orders, with stable events; keep @TraceProvider(\"orders\") (consumers select events by provider name),"
                + " or keep a provider named orders that retires its stable events with @Retired", changes.get(0).describe());
        assertEquals(changes, SchemaCompatibility.compareProvider(new SchemaSet(List.of(ORDERS)), renamed));
    }

    @DisplayName("compare: changing, removing or adding the default of an appended field is WM118")
    @Test
    void defaultsOfAppendedFieldsAreKept() {
        ProviderSchema v2 = ordersWith(2, appended("note", 2, "none"));
        assertEquals(List.of(), SchemaCompatibility.compare(v2, v2));
        for (String changed : new String[] {"n/a", null}) {
            List<SchemaChange> changes = SchemaCompatibility.compare(v2, ordersWith(2, appended("note", 2, changed)));
            assertEquals(List.of("WM118"), rules(changes), changes::toString);
            assertEquals("note", changes.get(0).field());
            assertTrue(changes.get(0).breaking());
        }
        List<SchemaChange> added = SchemaCompatibility.compare(ordersWith(2, appended("note", 2, null)), v2);
        assertEquals(List.of("WM118"), rules(added), added::toString);
        SchemaSet before = new SchemaSet(List.of(v2));
        assertEquals(List.of("WM118"), rules(SchemaCompatibility.compare(before,
                new SchemaSet(List.of(ordersWith(2, appended("note", 1, "n/a")))))), "schema-diff between builds");
    }

    @DisplayName("compare: documents of builds without a lock file get each field's since from the versions compared")
    @Test
    void sinceIsInferredBetweenBuilds() {
        // compiled without a lock file, a field appended without @Since is since 1 in its document
        SchemaSet v1 = new SchemaSet(List.of(ORDERS));
        SchemaSet v2 = new SchemaSet(List.of(ordersWith(2, appended("note", 1, null))));
        List<SchemaChange> changes = SchemaCompatibility.compare(v1, v2);
        assertEquals(List.of("WM202"), rules(changes), changes::toString);
        assertEquals("field 'note' (string, since version 2) was appended to stable event orders:placed (id 1)",
                changes.get(0).message());
        assertEquals(changes, SchemaCompatibility.compare(v1, new SchemaSet(List.of(ordersWith(2, appended("note", 2, null))))),
                "the same verdict as for a build with a lock file");
        // and a later lockless build keeps the since of the fields it shares with its baseline
        SchemaSet withLock = new SchemaSet(List.of(ordersWith(2, appended("note", 2, null))));
        assertEquals(List.of(), SchemaCompatibility.compare(withLock, v2));
        // the compiler's own check, whose since values come from @Since or the lock file, still reports a contradiction
        assertEquals(List.of("WM115"), rules(SchemaCompatibility.compare(ORDERS, ordersWith(2, appended("note", 1, null)))));
    }

    @DisplayName("compare: fields appended without a version bump are WM113 only, not also WM202")
    @Test
    void appendingWithoutAVersionBumpIsReportedOnce() {
        List<SchemaChange> changes = SchemaCompatibility.compare(ORDERS, ordersWith(1, appended("note", 1, null)));
        assertEquals(List.of("WM113"), rules(changes), changes::toString);
        changes = SchemaCompatibility.compare(new SchemaSet(List.of(ORDERS)), new SchemaSet(List.of(ordersWith(1,
                appended("note", 1, null)))));
        assertEquals(List.of("WM113"), rules(changes), changes::toString);
    }

    @DisplayName("compare: an event reusing a retired id is WM110 only, not also WM201; swapped ids are WM107 only")
    @Test
    void reusedIdsAndSwapsAreReportedOnce() {
        ProviderSchema retired = provider("orders", ORDERS.events(), new RetiredEvent(5, "gone", ""));
        ProviderSchema reused = provider("orders", List.of(ORDERS.events().get(0), ORDERS.events().get(1),
                event(5, "again", EventStability.STABLE, 1)), new RetiredEvent(5, "gone", ""));
        assertEquals(List.of("WM110"), rules(SchemaCompatibility.compare(retired, reused)));

        ProviderSchema two = provider("orders", List.of(ORDERS.events().get(0), event(2, "paid", EventStability.STABLE, 1,
                field("at", "long"))));
        ProviderSchema swapped = provider("orders", List.of(event(2, "placed", EventStability.STABLE, 1,
                ORDERS.events().get(0).fields().toArray(FieldSchema[]::new)), event(1, "paid", EventStability.STABLE, 1,
                field("at", "long"))));
        List<SchemaChange> changes = SchemaCompatibility.compare(two, swapped);
        assertEquals(List.of("WM107", "WM107"), rules(changes), changes::toString);
        assertEquals("the id of stable event orders:placed (id 1) changed to 2, the baseline id of stable event orders:paid:"
                + " their ids were swapped", changes.get(0).message());
        assertEquals("restore the ids: placed 1, paid 2", changes.get(0).remedy());
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
