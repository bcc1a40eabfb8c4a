package io.waymark.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waymark.processor.schema.EnumConstant;
import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.EventStability;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.RetiredEvent;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading a schema document holds it to what the processor accepts in a declaration: one case per document rule,
 * each rejected with the element's path in the document and what is wrong.
 */
class SchemaDocumentValidationTest {

    private static final List<EnumConstant> STATUS = List.of(new EnumConstant("NEW", 0), new EnumConstant("PAID", 1));

    private static FieldSchema field(String name, String type) {
        return new FieldSchema(name, type, 1, null, null, List.of(), null);
    }

    private static EventSchema event(int id, String name, int version, FieldSchema... fields) {
        return new EventSchema(id, name, EventStability.STABLE, "INFO", version, false, null, List.of(fields));
    }

    /** A valid provider: every case changes one thing of it. */
    private static ProviderSchema valid(UnaryOperator<List<EventSchema>> events, List<RetiredEvent> retired, String name,
            String interfaceName) {
        List<EventSchema> list = new ArrayList<>(List.of(
                event(1, "placed", 2, field("id", "long"), new FieldSchema("status", "enum", 1, "NEW", "p.Orders$Status",
                        STATUS, null), new FieldSchema("note", "string", 2, "", null, List.of(), null)),
                event(2, "paid", 1, field("amount", "int"))));
        return new ProviderSchema(name, interfaceName, events.apply(list), retired);
    }

    private static ProviderSchema withEvents(UnaryOperator<List<EventSchema>> events) {
        return valid(events, List.of(new RetiredEvent(3, "cancelled", "an order status now")), "shop.orders", "p.Orders");
    }

    private static ProviderSchema withEvent(int index, EventSchema replacement) {
        return withEvents(list -> {
            list.set(index, replacement);
            return list;
        });
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                Arguments.of("rule 8: duplicate event id", withEvent(1, event(1, "paid", 1)),
                        "document.events[1].id: event id 1 of event 'paid' is already used by event 'placed'"
                                + " (document.events[0]); event ids are unique within a provider"),
                Arguments.of("rule 2: empty provider name", valid(list -> list, List.of(), "", "p.Orders"),
                        "document.provider: provider name '' is invalid: it starts with a letter and has only letters,"
                                + " digits, '_', '-' and '.'"),
                Arguments.of("interface: no binary name", valid(list -> list, List.of(), "shop.orders", "p..Orders"),
                        "document.interface: 'p..Orders' of provider 'shop.orders' is no binary class name (such as"
                                + " com.acme.OrderEvents)"),
                Arguments.of("rule 9: duplicate event name", withEvent(1, event(2, "placed", 1)),
                        "document.events[1].name: event name 'placed' is already used by document.events[0]; event names"
                                + " are unique within a provider"),
                Arguments.of("rule 9: invalid event name", withEvent(1, event(2, "pa-id", 1)),
                        "document.events[1].name: event name 'pa-id' is invalid: it starts with a letter or '_' and has"
                                + " only ASCII letters, digits and '_'"),
                Arguments.of("WM306: duplicate field name", withEvent(1, event(2, "paid", 1, field("a", "int"),
                                field("a", "long"))),
                        "document.events[1].fields[1].name: field 'a' of event 'paid' appears twice; the fields of an"
                                + " event have distinct names"),
                Arguments.of("WM306: field name no identifier", withEvent(1, event(2, "paid", 1, field("", "int"))),
                        "document.events[1].fields[0].name: field '' of event 'paid' is no Java identifier, as a"
                                + " parameter name is"),
                Arguments.of("rule 7: enum constants out of ordinal order", withEvent(1, event(2, "paid", 1,
                                new FieldSchema("s", "enum", 1, null, "p.S", List.of(new EnumConstant("A", 1),
                                        new EnumConstant("B", 0)), null))),
                        "document.events[1].fields[0].enumConstants[0]: constant 'A' of field 's' of event 'paid' has"
                                + " the value 1 at position 0; constants are listed in ordinal order, each with its"
                                + " ordinal (and 1 more problem)"),
                Arguments.of("rule 7: duplicate enum constant", withEvent(1, event(2, "paid", 1,
                                new FieldSchema("s", "enum", 1, null, "p.S", List.of(new EnumConstant("A", 0),
                                        new EnumConstant("A", 1)), null))),
                        "document.events[1].fields[0].enumConstants[1]: constant 'A' of field 's' of event 'paid'"
                                + " appears twice"),
                Arguments.of("rule 7: enum type no binary name", withEvent(1, event(2, "paid", 1,
                                new FieldSchema("s", "enum", 1, null, "", STATUS, null))),
                        "document.events[1].fields[0].enumType: '' of field 's' of event 'paid' is no binary class name"),
                Arguments.of("WM301: default of another type", withEvent(1, event(2, "paid", 1,
                                new FieldSchema("amount", "int", 1, "ten", null, List.of(), null))),
                        "document.events[1].fields[0].default: \"ten\" of field 'amount' of event 'paid' is not a int:"
                                + " write a decimal number in the type's range"),
                Arguments.of("WM301: enum default no constant", withEvent(1, event(2, "paid", 1,
                                new FieldSchema("s", "enum", 1, "LOST", "p.S", STATUS, null))),
                        "document.events[1].fields[0].default: \"LOST\" of field 's' of event 'paid' is not a enum:"
                                + " write one of its constants [NEW, PAID]"),
                Arguments.of("WM302: since after the event's version", withEvent(1, event(2, "paid", 1,
                                new FieldSchema("amount", "int", 2, null, null, List.of(), null))),
                        "document.events[1].fields[0].since: field 'amount' of event 'paid' is since version 2, after"
                                + " its event's version 1"),
                Arguments.of("WM303: an id retired twice", valid(list -> list, List.of(new RetiredEvent(3, "a", ""),
                                new RetiredEvent(3, "b", "")), "shop.orders", "p.Orders"),
                        "document.retired: retired event 'b' (id 3): id 3 is retired twice"),
                Arguments.of("WM303: a retired name that is no event name", valid(list -> list,
                                List.of(new RetiredEvent(3, "", "")), "shop.orders", "p.Orders"),
                        "document.retired: retired event '' (id 3): its name is no event name"),
                Arguments.of("WM303: a retired id out of range", valid(list -> list,
                                List.of(new RetiredEvent(70000, "x", "")), "shop.orders", "p.Orders"),
                        "document.retired: retired event 'x' (id 70000): its id is outside 0..65535"));
    }

    @DisplayName("a document that breaks a declaration rule is rejected with the element's path")
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void invalidDocumentIsRejected(String rule, ProviderSchema provider, String expected) {
        String document = SchemaJson.write(provider);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.readProvider(document));
        assertEquals(expected, e.getMessage());
        // the same provider in a lock file is named by its place there
        String lock = SchemaJson.write(new SchemaSet(List.of(provider)));
        IllegalArgumentException inLock = assertThrows(IllegalArgumentException.class, () -> SchemaJson.readSet(lock));
        assertEquals(expected.replaceAll("\\bdocument\\b", "providers[0]"), inLock.getMessage());
    }

    @DisplayName("the valid document the cases start from reads back as it was written")
    @Test
    void validDocumentReadsBack() {
        ProviderSchema provider = withEvents(list -> list);
        assertEquals(provider, SchemaJson.readProvider(SchemaJson.write(provider)));
    }

    @DisplayName("a stability that is neither STABLE nor UNSTABLE is named with the values allowed")
    @Test
    void unknownStability() {
        String document = SchemaJson.write(withEvents(list -> list)).replaceFirst("\"STABLE\"", "\"stable\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.readProvider(document));
        assertEquals("document.events[0].stability: 'stable' is none of [STABLE, UNSTABLE]", e.getMessage());
    }

    @DisplayName("enum constants on a field of another type are rejected")
    @Test
    void constantsOnAnInt() {
        String document = SchemaJson.write(withEvents(list -> list)).replace("\"type\": \"int\",",
                "\"type\": \"int\", \"enumConstants\": [{\"label\": \"A\", \"value\": 0}],");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.readProvider(document));
        assertEquals("document.events[1].fields[0].enumConstants: field 'amount' of event 'paid' is a int, not an enum,"
                + " but lists enum constants", e.getMessage());
    }

    @DisplayName("a lock file with two providers of one interface is rejected")
    @Test
    void twoProvidersOfOneInterface() {
        ProviderSchema a = withEvents(list -> list);
        ProviderSchema b = new ProviderSchema("shop.other", "p.Orders", List.of(), List.of());
        String lock = SchemaJson.write(new SchemaSet(List.of(a))).replace("\"providers\": [",
                "\"providers\": [" + SchemaJson.write(b).replace("\"format\": 1,", "").strip() + ",");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.readSet(lock));
        assertEquals("providers 'shop.orders' and 'shop.other' have the same interface p.Orders, which declares one"
                + " provider", e.getMessage());
    }
}
