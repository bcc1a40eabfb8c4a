package io.waymark.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.waymark.processor.Compilations.classOutputResource;
import static io.waymark.processor.Compilations.compileWithOptions;
import static io.waymark.processor.Compilations.generatedSource;
import static io.waymark.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.waymark.processor.schema.EventSchema;
import io.waymark.processor.schema.FieldSchema;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versioning rules against a baseline lock file, one passing and one failing case per rule. Each test
 * writes the baseline by compiling a first version with {@code -Awaymark.baseline.update=true}, as a user
 * does, and compiles the next version against it. The failing case asserts the rule id and the element
 * (line and column) the error is reported on.
 *
 * <p>Fixture lines: 1 package, 2 import, 3 the provider's annotations, 4 {@code public interface Events {},
 * then the body from line 5.
 */
class VersioningTest {

    /** The baseline's body: a stable provider with an enum field, two stable events and an unstable one. */
    private static final String[] V1 = {
            "    enum Status { NEW, PAID }",
            "    @Tracepoint(id = 1) void placed(long id, int qty, Status status);",
            "    @Tracepoint(id = 2) void paid(long id);",
            "    @Tracepoint(id = 3) @Unstable void debug(String s);"};

    @TempDir
    Path dir;

    private Path lock() {
        return dir.resolve("waymark-baseline.json");
    }

    private static JavaFileObject provider(String providerAnnotations, String... body) {
        List<String> lines = new ArrayList<>(List.of("package p;", "import io.waymark.*;", providerAnnotations,
                "public interface Events {"));
        lines.addAll(List.of(body));
        lines.add("}");
        return source("p.Events", lines.toArray(String[]::new));
    }

    private static JavaFileObject events(String... body) {
        return provider("@TraceProvider(\"shop\") @Stable", body);
    }

    private Compilation compileAgainstBaseline(JavaFileObject file) {
        return compileWithOptions(List.of("-Awaymark.baseline=" + lock()), file);
    }

    /** Writes the baseline from {@code file}, as {@code -Awaymark.baseline.update=true} does. */
    private void baseline(JavaFileObject file) {
        Compilation compilation = compileWithOptions(List.of("-Awaymark.baseline=" + lock(),
                "-Awaymark.baseline.update=true"), file);
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(Files.exists(lock()), "no baseline written");
    }

    private static String[] with(int line, String replacement) {
        String[] body = V1.clone();
        body[line - 5] = replacement;
        return body;
    }

    private static String[] without(int line) {
        List<String> body = new ArrayList<>(List.of(V1));
        body.remove(line - 5);
        return body.toArray(String[]::new);
    }

    /** Compiles {@code next} against the V1 baseline and expects exactly one error of {@code rule} at line and column. */
    private void assertBreaks(String rule, JavaFileObject next, int line, int column) {
        baseline(events(V1));
        assertBreaksCurrentBaseline(rule, next, line, column);
    }

    private void assertBreaksCurrentBaseline(String rule, JavaFileObject next, int line, int column) {
        Compilation compilation = compileAgainstBaseline(next);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[" + rule + "]").inFile(next).onLine(line).atColumn(column);
    }

    /** Compiles {@code next} against the V1 baseline and expects success. */
    private Compilation assertAccepted(JavaFileObject next) {
        baseline(events(V1));
        return assertAcceptedByCurrentBaseline(next);
    }

    private Compilation assertAcceptedByCurrentBaseline(JavaFileObject next) {
        Compilation compilation = compileAgainstBaseline(next);
        assertThat(compilation).succeededWithoutWarnings();
        return compilation;
    }

    private static int column(String line, String token) {
        int index = line.indexOf(token);
        assertTrue(index >= 0, token + " not in " + line);
        return index + 1;
    }

    // ---- the baseline file itself

    @DisplayName("baseline: update writes the lock file, deterministically, with every provider of the compilation")
    @Test
    void updateWritesTheLockFile() throws IOException {
        baseline(events(V1));
        String first = Files.readString(lock(), StandardCharsets.UTF_8);
        baseline(events(V1));
        assertEquals(first, Files.readString(lock(), StandardCharsets.UTF_8));

        SchemaSet set = SchemaJson.readSet(first);
        assertEquals(1, set.providers().size());
        assertEquals(List.of("placed", "paid", "debug"),
                set.provider("shop").events().stream().map(EventSchema::name).toList());
        assertTrue(first.startsWith("{\n  \"format\": 1,\n  \"providers\": ["), first);
    }

    @DisplayName("baseline: update keeps the providers that this compilation did not compile")
    @Test
    void updateKeepsOtherProviders() throws IOException {
        baseline(events(V1));
        Compilation other = compileWithOptions(List.of("-Awaymark.baseline=" + lock(), "-Awaymark.baseline.update=true"),
                source("q.Other", "package q;", "import io.waymark.*;", "@TraceProvider(\"other\") @Unstable",
                        "public interface Other { @Tracepoint(id = 1) void x(); }"));
        assertThat(other).succeeded();
        SchemaSet set = SchemaJson.readSet(Files.readString(lock(), StandardCharsets.UTF_8));
        assertEquals(List.of("other", "shop"), set.providers().stream().map(p -> p.name()).toList());
    }

    @DisplayName("baseline: a missing lock file is a note saying how to create it, not an error")
    @Test
    void aMissingBaselineIsANote() {
        Compilation compilation = compileAgainstBaseline(events(V1));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).hadNoteContaining("does not exist, so the versioning rules are not checked; create it by"
                + " compiling once with -Awaymark.baseline.update=true");
        assertFalse(Files.exists(lock()));
    }

    @DisplayName("baseline: a corrupt lock file is an error naming it")
    @Test
    void aCorruptBaselineIsAnError() throws IOException {
        Files.writeString(lock(), "{\"format\": 1, \"providers\": [{\"provider\": 3}]}");
        Compilation compilation = compileAgainstBaseline(events(V1));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("Waymark baseline " + lock() + " is unreadable: providers[0].events:"
                + " expected an array");
    }

    @DisplayName("baseline: a lock file that no valid declaration writes (two events of one id) is an error naming it")
    @Test
    void anInvalidBaselineIsAnError() throws IOException {
        baseline(events(V1));
        Files.writeString(lock(), Files.readString(lock(), StandardCharsets.UTF_8).replace("\"id\": 2,", "\"id\": 1,"));
        Compilation compilation = compileAgainstBaseline(events(V1));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("Waymark baseline " + lock() + " is unreadable: providers[0].events[1].id:"
                + " event id 1 of event 'paid' is already used by event 'placed' (providers[0].events[0]); event ids are"
                + " unique within a provider; restore it from version control, or recreate it with"
                + " -Awaymark.baseline.update=true");
    }

    @DisplayName("baseline: an unchanged declaration passes")
    @Test
    void unchangedPasses() {
        assertAccepted(events(V1));
    }

    // ---- WM101 to WM103: fields keep their names and positions

    @DisplayName("WM101: removing a field, on the method")
    @Test
    void removingAFieldBreaks() {
        String line = "    @Tracepoint(id = 1) void placed(long id, Status status);";
        assertBreaks("WM101", events(with(6, line)), 6, column(line, "placed"));
    }

    @DisplayName("WM101: removing every field of a stable event is one error per field, not a crash of the compiler")
    @Test
    void removingEveryFieldBreaks() {
        String line = "    @Tracepoint(id = 1) void placed();";
        baseline(events(V1));
        Compilation compilation = compileAgainstBaseline(events(with(6, line)));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(3);
        for (String field : List.of("'id' (position 1)", "'qty' (position 2)", "'status' (position 3)")) {
            assertThat(compilation).hadErrorContaining("[WM101] field " + field + " of stable event shop:placed (id 1) was"
                    + " removed").inFile(events(with(6, line))).onLine(6).atColumn(column(line, "placed"));
        }
    }

    @DisplayName("WM102: renaming a field, on the parameter, with the name to restore")
    @Test
    void renamingAFieldBreaks() {
        String line = "    @Tracepoint(id = 1) void placed(long id, int quantity, Status status);";
        assertBreaks("WM102", events(with(6, line)), 6, column(line, "quantity"));
        assertThat(compileAgainstBaseline(events(with(6, line)))).hadErrorContaining("[WM102] field 'qty' (position 2) of"
                + " stable event shop:placed (id 1) was renamed to 'quantity'; rename parameter 'quantity' back to 'qty'");
    }

    @DisplayName("WM103: inserting a field before others moves them, on the moved parameter")
    @Test
    void insertingAFieldBreaks() {
        String line = "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, String note, Status status);";
        assertBreaks("WM103", events(with(6, line)), 6, column(line, "status)"));
    }

    @DisplayName("WM101-WM103, WM113, WM115, WM202: appending a field with a version bump passes, since = the new version")
    @Test
    void appendingAFieldWithAVersionBumpPasses() {
        String line = "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, Status status, @Default(\"none\") String note);";
        Compilation compilation = assertAccepted(events(with(6, line)));
        assertTrue(generatedSource(compilation, "p.WaymarkEvents").contains(
                "FieldDescriptor.of(\"note\", FieldType.STRING).since(2).withDefault(\"none\")"));
        String schema = classOutputResource(compilation, "META-INF/waymark/shop.schema.json");
        FieldSchema note = SchemaJson.readProvider(schema).eventById(1).field("note");
        assertEquals(new FieldSchema("note", "string", 2, "none", null, List.of(), null), note);
    }

    @DisplayName("since: the baseline's since survives later versions and baseline updates")
    @Test
    void sinceIsKeptFromTheBaseline() {
        baseline(events(V1));
        String v2 = "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, Status status, String note);";
        baseline(events(with(6, v2)));
        String v3 = "    @Tracepoint(id = 1, version = 3) void placed(long id, int qty, Status status, String note, int more);";
        Compilation compilation = assertAcceptedByCurrentBaseline(events(with(6, v3)));
        String generated = generatedSource(compilation, "p.WaymarkEvents");
        assertTrue(generated.contains("FieldDescriptor.of(\"note\", FieldType.STRING).since(2)"), generated);
        assertTrue(generated.contains("FieldDescriptor.of(\"more\", FieldType.INT).since(3)"), generated);
    }

    // ---- WM104: types

    @DisplayName("WM104: changing a field's type, on the parameter")
    @Test
    void changingAFieldTypeBreaks() {
        String line = "    @Tracepoint(id = 1) void placed(long id, long qty, Status status);";
        assertBreaks("WM104", events(with(6, line)), 6, column(line, "qty"));
    }

    // ---- WM105, WM106: enum constants

    @DisplayName("WM105: removing an enum constant, on the parameter")
    @Test
    void removingAnEnumConstantBreaks() {
        assertBreaks("WM105", events(with(5, "    enum Status { NEW }")), 6, column(V1[1], "status"));
    }

    @DisplayName("WM106: reordering enum constants, on the parameter")
    @Test
    void reorderingEnumConstantsBreaks() {
        assertBreaks("WM106", events(with(5, "    enum Status { PAID, NEW }")), 6, column(V1[1], "status"));
    }

    @DisplayName("WM105, WM106, WM203: appending an enum constant passes")
    @Test
    void appendingAnEnumConstantPasses() {
        assertAccepted(events(with(5, "    enum Status { NEW, PAID, SHIPPED }")));
    }

    // ---- WM107, WM108: identity

    @DisplayName("WM107: changing a stable event's id, on the id")
    @Test
    void changingAnIdBreaks() {
        String line = "    @Tracepoint(id = 10) void placed(long id, int qty, Status status);";
        assertBreaks("WM107", events(with(6, line)), 6, column(line, "10"));
    }

    @DisplayName("WM108: renaming a stable event, on its @Tracepoint")
    @Test
    void renamingAnEventBreaks() {
        String line = "    @Tracepoint(id = 1) void ordered(long id, int qty, Status status);";
        assertBreaks("WM108", events(with(6, line)), 6, column(line, "@Tracepoint"));
    }

    @DisplayName("WM107, WM108: renaming the method while keeping the event name passes")
    @Test
    void renamingTheMethodKeepingTheEventNamePasses() {
        assertAccepted(events(with(6, "    @Tracepoint(id = 1, name = \"placed\") void ordered(long id, int qty, Status status);")));
    }

    // ---- WM109 to WM111: retirement

    @DisplayName("WM109: removing a stable event without @Retired, on the provider")
    @Test
    void removingAStableEventBreaks() {
        assertBreaks("WM109", events(without(7)), 4, column("public interface Events {", "interface"));
    }

    @DisplayName("WM109, WM208, WM209: retiring a stable event and removing an unstable one pass")
    @Test
    void retiringAStableEventPasses() {
        String[] body = {V1[0], V1[1]};
        assertAccepted(provider("@TraceProvider(\"shop\") @Stable @Retired(id = 2, name = \"paid\", reason = \"merged\")", body));
    }

    @DisplayName("WM110: reusing a retired id for a new event, on its @Tracepoint")
    @Test
    void reusingARetiredIdBreaks() {
        String retired = "@TraceProvider(\"shop\") @Stable @Retired(id = 2, name = \"paid\")";
        baseline(provider(retired, V1[0], V1[1]));
        String line = "    @Tracepoint(id = 2) void refunded(long id);";
        assertBreaksCurrentBaseline("WM110", provider(retired, V1[0], V1[1], line), 7, column(line, "@Tracepoint"));
    }

    @DisplayName("WM110: reusing a retired name is an error even without a baseline")
    @Test
    void reusingARetiredNameBreaksWithoutBaseline() {
        String line = "    @Tracepoint(id = 9) void paid(long id);";
        JavaFileObject file = provider("@TraceProvider(\"shop\") @Stable @Retired(id = 2, name = \"paid\")", V1[0], line);
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM110] event shop:paid uses the name 'paid' of retired event paid (id 2)")
                .inFile(file).onLine(6).atColumn(column(line, "@Tracepoint"));
    }

    @DisplayName("WM110: a new event with a fresh id and name passes")
    @Test
    void aNewEventWithAFreshIdPasses() {
        String retired = "@TraceProvider(\"shop\") @Stable @Retired(id = 2, name = \"paid\")";
        baseline(provider(retired, V1[0], V1[1]));
        assertAcceptedByCurrentBaseline(provider(retired, V1[0], V1[1], "    @Tracepoint(id = 4) void refunded(long id);"));
    }

    @DisplayName("WM111: un-retiring an event, on the provider")
    @Test
    void unretiringBreaks() {
        baseline(provider("@TraceProvider(\"shop\") @Stable @Retired(id = 2, name = \"paid\")", V1[0], V1[1]));
        assertBreaksCurrentBaseline("WM111", events(V1[0], V1[1]), 4, column("public interface Events {", "interface"));
    }

    @DisplayName("WM111, WM303: keeping a retirement and adding one (@Retired repeated) passes")
    @Test
    void keepingRetirementsPasses() {
        baseline(provider("@TraceProvider(\"shop\") @Stable @Retired(id = 2, name = \"paid\")", V1[0], V1[1]));
        assertAcceptedByCurrentBaseline(provider("@TraceProvider(\"shop\") @Stable @Retired(id = 2, name = \"paid\")"
                + " @Retired(id = 1, name = \"placed\")", V1[0]));
    }

    // ---- WM112: stability

    @DisplayName("WM112: demoting a stable event, on the method")
    @Test
    void demotingBreaks() {
        String line = "    @Tracepoint(id = 2) @Unstable void paid(long id);";
        assertBreaks("WM112", events(with(7, line)), 7, column(line, "paid"));
    }

    @DisplayName("WM112, WM206, WM209: promoting an unstable event, and changing one freely, pass")
    @Test
    void promotingPasses() {
        assertAccepted(events(with(8, "    @Tracepoint(id = 3) @Stable void debug(String s);")));
        assertAccepted(events(with(8, "    @Tracepoint(id = 3, version = 1) @Unstable void debug(int n, long m);")));
    }

    // ---- WM113, WM114: versions

    @DisplayName("WM113: appending a field without raising the version, on @Tracepoint")
    @Test
    void appendingWithoutAVersionBumpBreaks() {
        String line = "    @Tracepoint(id = 1) void placed(long id, int qty, Status status, String note);";
        assertBreaks("WM113", events(with(6, line)), 6, column(line, "@Tracepoint"));
    }

    @DisplayName("WM114: lowering the version, on the version")
    @Test
    void loweringTheVersionBreaks() {
        baseline(events(with(7, "    @Tracepoint(id = 2, version = 3) void paid(long id);")));
        String line = "    @Tracepoint(id = 2, version = 2) void paid(long id);";
        assertBreaksCurrentBaseline("WM114", events(with(7, line)), 7, column(line, "2)"));
    }

    @DisplayName("WM114, WM211: raising the version without new fields passes")
    @Test
    void raisingTheVersionPasses() {
        assertAccepted(events(with(7, "    @Tracepoint(id = 2, version = 2) void paid(long id);")));
    }

    // ---- WM115: since

    @DisplayName("WM115: @Since contradicting the baseline, on the @Since value")
    @Test
    void contradictingTheBaselineSinceBreaks() {
        String line = "    @Tracepoint(id = 1, version = 2) void placed(long id, @Since(2) int qty, Status status);";
        assertBreaks("WM115", events(with(6, line)), 6, column(line, "2) int"));
    }

    @DisplayName("WM115: @Since on an appended field equal to the new version passes")
    @Test
    void aConsistentSincePasses() {
        String line = "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, Status status, @Since(2) String note);";
        assertAccepted(events(with(6, line)));
    }

    // ---- WM116: level

    @DisplayName("WM116: lowering the level, on the level")
    @Test
    void loweringTheLevelBreaks() {
        String line = "    @Tracepoint(id = 2, level = Level.DEBUG) void paid(long id);";
        assertBreaks("WM116", events(with(7, line)), 7, column(line, ".DEBUG"));
    }

    @DisplayName("WM116, WM205, WM207, WM204: raising the level, deprecating and documenting pass")
    @Test
    void raisingTheLevelPasses() {
        assertAccepted(events(with(7, "    /** Paid. */ @Deprecated @Tracepoint(id = 2, level = Level.WARN) void paid(long id);")));
    }

    // ---- WM118: defaults of appended fields

    private static final String APPENDED =
            "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, Status status, @Default(\"none\") String note);";

    /** The V1 baseline updated with {@code appended}: the lock file has the appended field since version 2. */
    private void baselineAppending(String appended) throws IOException {
        Files.deleteIfExists(lock());
        baseline(events(V1));
        baseline(events(with(6, appended)));
    }

    @DisplayName("WM118: changing the @Default of an appended field, on the @Default value")
    @Test
    void changingTheDefaultOfAnAppendedFieldBreaks() throws IOException {
        baselineAppending(APPENDED);
        String line = APPENDED.replace("\"none\"", "\"n/a\"");
        assertBreaksCurrentBaseline("WM118", events(with(6, line)), 6, column(line, "\"n/a\""));
        Compilation compilation = compileAgainstBaseline(events(with(6, line)));
        assertThat(compilation).hadErrorContaining("[WM118] the default of field 'note' of stable event shop:placed (id 1)"
                + " changed from \"none\" to \"n/a\": records written before version 2 lack the field and would read as"
                + " \"n/a\"; restore @Default(\"none\")");
    }

    @DisplayName("WM118: removing or adding the @Default of an appended field, on the parameter")
    @Test
    void removingOrAddingTheDefaultOfAnAppendedFieldBreaks() throws IOException {
        baselineAppending(APPENDED);
        String removed = APPENDED.replace("@Default(\"none\") ", "");
        assertBreaksCurrentBaseline("WM118", events(with(6, removed)), 6, column(removed, "note"));

        baselineAppending(removed);
        assertBreaksCurrentBaseline("WM118", events(with(6, APPENDED)), 6, column(APPENDED, "\"none\""));
        assertThat(compileAgainstBaseline(events(with(6, APPENDED)))).hadErrorContaining("changed from the type's zero to"
                + " \"none\": records written before version 2 lack the field and would read as \"none\"; remove @Default");
    }

    @DisplayName("WM118: an unchanged @Default passes")
    @Test
    void keepingTheDefaultPasses() throws IOException {
        baselineAppending(APPENDED);
        assertAcceptedByCurrentBaseline(events(with(6, APPENDED.replace("version = 2", "version = 3"))));
    }

    // ---- WM119: the provider name

    @DisplayName("WM119: renaming a provider with stable events, on the @TraceProvider value")
    @Test
    void renamingAProviderBreaks() {
        baseline(events(V1));
        String annotations = "@TraceProvider(\"shop.orders\") @Stable";
        JavaFileObject file = provider(annotations, V1);
        Compilation compilation = compileAgainstBaseline(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM119] provider interface p.Events declares the name 'shop.orders', but"
                + " the baseline has it as provider shop, with stable events; keep @TraceProvider(\"shop\")")
                .inFile(file).onLine(3).atColumn(column(annotations, "\"shop.orders\""));
    }

    @DisplayName("WM119: renaming a provider without stable events passes, and an update replaces its entry")
    @Test
    void renamingAnUnstableProviderPasses() throws IOException {
        baseline(provider("@TraceProvider(\"shop\") @Unstable", V1));
        assertAcceptedByCurrentBaseline(provider("@TraceProvider(\"shop.debug\") @Unstable", V1));

        Compilation update = compileWithOptions(List.of("-Awaymark.baseline=" + lock(), "-Awaymark.baseline.update=true"),
                provider("@TraceProvider(\"shop.debug\") @Unstable", V1));
        assertThat(update).succeeded();
        SchemaSet set = SchemaJson.readSet(Files.readString(lock(), StandardCharsets.UTF_8));
        assertEquals(List.of("shop.debug"), set.providers().stream().map(p -> p.name()).toList(),
                "one entry per provider interface");
    }

    // ---- remedies that say what to do

    @DisplayName("WM107: two events that swapped ids get one error each: restore the ids")
    @Test
    void swappedIdsBreakOnceEach() {
        baseline(events(V1));
        String placed = "    @Tracepoint(id = 2) void placed(long id, int qty, Status status);";
        String paid = "    @Tracepoint(id = 1) void paid(long id);";
        JavaFileObject file = events(V1[0], placed, paid, V1[3]);
        Compilation compilation = compileAgainstBaseline(file);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[WM107] the id of stable event shop:placed (id 1) changed to 2, the"
                + " baseline id of stable event shop:paid: their ids were swapped; restore the ids: placed 1, paid 2")
                .inFile(file).onLine(6).atColumn(column(placed, "2)"));
        assertThat(compilation).hadErrorContaining("[WM107] the id of stable event shop:paid (id 2) changed to 1")
                .inFile(file).onLine(7).atColumn(column(paid, "1)"));
    }

    private static final String VIEW_TYPES =
            "    interface OrderView { long id(); String sku(); } record Order(long id, String sku) {}";

    @DisplayName("WM102: a renamed @View parameter is one error naming the view and the parameter to rename back")
    @Test
    void renamingAViewParameterBreaksOnce() {
        baseline(events(VIEW_TYPES, "    @Tracepoint(id = 1) void shipped(@View(OrderView.class) Order order, int parcels);"));
        String line = "    @Tracepoint(id = 1) void shipped(@View(OrderView.class) Order o, int parcels);";
        JavaFileObject file = events(VIEW_TYPES, line);
        Compilation compilation = compileAgainstBaseline(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM102] fields 'order_id', 'order_sku' (positions 1 to 2) of stable"
                + " event shop:shipped (id 1) were renamed to 'o_id', 'o_sku': they are the accessors of @View(OrderView)"
                + " parameter 'o'; rename the parameter back to 'order'").inFile(file).onLine(6).atColumn(column(line, "o,"));
    }

    @DisplayName("WM101, WM104: changes caused by a view's accessors name the view")
    @Test
    void viewAccessorChangesNameTheView() {
        baseline(events(VIEW_TYPES, "    @Tracepoint(id = 1) void shipped(int parcels, @View(OrderView.class) Order order);"));
        JavaFileObject file = events("    interface OrderView { int id(); } record Order(int id, String sku) {}",
                "    @Tracepoint(id = 1) void shipped(int parcels, @View(OrderView.class) Order order);");
        Compilation compilation = compileAgainstBaseline(file);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[WM101] field 'order_sku' (position 3) of stable event shop:shipped (id 1)"
                + " was removed (accessor sku() of @View(OrderView) parameter 'order'); restore it");
        assertThat(compilation).hadErrorContaining("[WM104] field 'order_id' of stable event shop:shipped (id 1) changed its"
                + " type from long to int (accessor id() of @View(OrderView) parameter 'order'); keep the type long");
    }

    @DisplayName("WM103, WM113: fields that a view gained name the view's new accessor")
    @Test
    void viewAccessorsAddedNameTheView() throws IOException {
        String grown = "    interface OrderView { long id(); String sku(); int count(); } record Order(long id, String sku, int count) {}";
        baseline(events(VIEW_TYPES, "    @Tracepoint(id = 1) void shipped(@View(OrderView.class) Order order, int parcels);"));
        Compilation inserted = compileAgainstBaseline(events(grown,
                "    @Tracepoint(id = 1, version = 2) void shipped(@View(OrderView.class) Order order, int parcels);"));
        assertThat(inserted).hadErrorCount(1);
        assertThat(inserted).hadErrorContaining("[WM103] field 'parcels' of stable event shop:shipped (id 1) moved from"
                + " position 3 to 4 (accessor count() was added to @View(OrderView) parameter 'order': only the view of the"
                + " last parameter can gain accessors)");

        Files.delete(lock());
        baseline(events(VIEW_TYPES, "    @Tracepoint(id = 1) void shipped(int parcels, @View(OrderView.class) Order order);"));
        Compilation appended = compileAgainstBaseline(events(grown,
                "    @Tracepoint(id = 1) void shipped(int parcels, @View(OrderView.class) Order order);"));
        assertThat(appended).hadErrorCount(1);
        assertThat(appended).hadErrorContaining("[WM113] fields were appended to stable event shop:shipped (id 1)"
                + " (order_count) but its version is still 1 (accessor count() was added to @View(OrderView) parameter"
                + " 'order'); raise it");
    }

    // ---- WM301 to WM303: declarations

    @DisplayName("WM301: a @Default that does not parse as the field type, on its value")
    @Test
    void anUnparsableDefaultIsAnError() {
        String line = "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, Status status, @Default(\"SOON\") Status next);";
        JavaFileObject file = events(with(6, line));
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM301] @Default(\"SOON\") of parameter 'next' is not a p.Events.Status:"
                + " write one of its constants [NEW, PAID]").inFile(file).onLine(6).atColumn(column(line, "\"SOON\""));
    }

    @DisplayName("WM301: defaults of every type that parse pass")
    @Test
    void parsableDefaultsPass() {
        Compilation compilation = Compilations.compile(events(with(6, "    @Tracepoint(id = 1, version = 2) void placed("
                + "long id, int qty, Status status, @Default(\"PAID\") Status next, @Default(\"-3\") long l,"
                + " @Default(\"true\") boolean b, @Default(\"x\") char c, @Default(\"1.5\") double d, @Default(\"AQI=\") byte[] raw);")));
        assertThat(compilation).succeededWithoutWarnings();
        assertTrue(generatedSource(compilation, "p.WaymarkEvents").contains(".withDefault(\"AQI=\")"));
    }

    @DisplayName("WM302: @Since after the event's version, on its value")
    @Test
    void aSinceAfterTheVersionIsAnError() {
        String line = "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, Status status, @Since(3) String note);";
        JavaFileObject file = events(with(6, line));
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM302] @Since(3) of parameter 'note' is outside 1..2")
                .inFile(file).onLine(6).atColumn(column(line, "3)"));
    }

    @DisplayName("WM302: without a baseline, @Since gives the field's version and the rest are version 1")
    @Test
    void sinceWithoutABaseline() {
        Compilation compilation = Compilations.compile(events(with(6,
                "    @Tracepoint(id = 1, version = 2) void placed(long id, int qty, Status status, @Since(2) String note);")));
        assertThat(compilation).succeededWithoutWarnings();
        String generated = generatedSource(compilation, "p.WaymarkEvents");
        assertTrue(generated.contains("FieldDescriptor.of(\"qty\", FieldType.INT),"), generated);
        assertTrue(generated.contains("FieldDescriptor.of(\"note\", FieldType.STRING).since(2)"), generated);
    }

    // javac cannot place a diagnostic on one of several repeated annotations (their container is implicit): the
    // error names the entry and is reported on the provider.
    @DisplayName("WM303: an id retired twice, on the provider")
    @Test
    void retiringAnIdTwiceIsAnError() {
        JavaFileObject file = provider("@TraceProvider(\"shop\") @Stable @Retired(id = 7, name = \"a\") @Retired(id = 7, name = \"b\")",
                V1[0], V1[1]);
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM303] @Retired(id = 7, name = \"b\") of provider Events: id 7 is retired"
                + " twice").inFile(file).onLine(4).atColumn(column("public interface Events {", "interface"));
    }

    @DisplayName("WM303: a single @Retired with a malformed name, on its annotation")
    @Test
    void aMalformedRetiredNameIsAnError() {
        String line = "@TraceProvider(\"shop\") @Stable @Retired(id = 7, name = \"no way\")";
        JavaFileObject file = provider(line, V1[0], V1[1]);
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[WM303] @Retired(id = 7, name = \"no way\") of provider Events: its name"
                + " 'no way' is no event name").inFile(file).onLine(3).atColumn(column(line, "@Retired"));
    }

    @DisplayName("the compile-time errors are every breaking change, all at once")
    @Test
    void severalBreakingChangesAreAllReported() {
        baseline(events(V1));
        Compilation compilation = compileAgainstBaseline(events(with(6,
                "    @Tracepoint(id = 1, level = Level.DEBUG) void placed(long id, long qty);")));
        assertThat(compilation).failed();
        List<String> rules = compilation.errors().stream().map(d -> d.getMessage(null).substring(0, 7)).toList();
        assertEquals(List.of("[WM101]", "[WM104]", "[WM116]"), rules);
        assertTrue(compilation.errors().stream().allMatch(d -> d.getKind() == Diagnostic.Kind.ERROR));
    }
}
