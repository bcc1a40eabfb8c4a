package io.waymark.processor.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares current schemas with a baseline and classifies every difference by a {@link SchemaRule}:
 * breaking changes of stable events ({@code WM1xx}) and compatible ones ({@code WM2xx}). Events are
 * matched by id, their identity across versions; unstable events may change freely. The annotation
 * processor reports the breaking changes as compile errors; tools may print them all.
 */
public final class SchemaCompatibility {

    /** The rules in the order their changes are listed; one class per rule. */
    private static final List<CompatibilityRule> RULES = List.of(
            new FieldRemovedRule(),
            new FieldRenamedRule(),
            new FieldReorderedRule(),
            new FieldTypeChangedRule(),
            new EnumConstantRemovedRule(),
            new EnumConstantsReorderedRule(),
            new EventIdChangedRule(),
            new EventRenamedRule(),
            new EventRemovedRule(),
            new RetiredReusedRule(),
            new UnretiredRule(),
            new StabilityDemotedRule(),
            new VersionNotRaisedRule(),
            new VersionLoweredRule(),
            new SinceChangedRule(),
            new LevelLoweredRule(),
            new DefaultChangedRule(),
            new CompatibleChangesRule());

    private SchemaCompatibility() {}

    /**
     * Every change from one build's schemas to the next's (as {@code schema-diff} compares them), by provider name
     * and then in rule order. A provider missing from {@code current} is {@link SchemaRule#PROVIDER_RENAMED} when
     * its interface now declares another name and {@link SchemaRule#PROVIDER_REMOVED} otherwise, when it had stable
     * events; a new one is {@link SchemaRule#PROVIDER_ADDED}.
     *
     * <p>A build compiled without a lock file records {@code since} 1 for a field appended without {@code @Since}:
     * the since of each current field is therefore inferred from the two builds ({@link #inferSince}), so that the
     * verdict is the same whether or not the builds used a lock file.
     */
    public static List<SchemaChange> compare(SchemaSet baseline, SchemaSet current) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(current, "current");
        TreeSet<String> names = new TreeSet<>();
        baseline.providers().forEach(provider -> names.add(provider.name()));
        current.providers().forEach(provider -> names.add(provider.name()));
        List<SchemaChange> changes = new ArrayList<>();
        for (String name : names) {
            ProviderSchema old = baseline.provider(name);
            ProviderSchema now = current.provider(name);
            if (now == null) {
                ProviderSchema renamed = byInterface(current, old.interfaceName());
                if (renamed == null || baseline.provider(renamed.name()) != null) {
                    changes.addAll(removed(old));
                } // else reported with the renamed provider
                continue;
            }
            changes.addAll(compareProvider(baseline, old == null ? now : inferSince(old, now)));
        }
        return changes;
    }

    /**
     * Every change of one provider compiled against a baseline lock file, as the annotation processor checks it:
     * {@link #compare(ProviderSchema, ProviderSchema)} with its baseline entry, or, when the baseline has none, the
     * provider's addition ({@link SchemaRule#PROVIDER_ADDED}) and its rename ({@link SchemaRule#PROVIDER_RENAMED})
     * when the baseline has its interface, with stable events, under another name.
     *
     * @param baseline the lock file's providers
     * @param current the provider now, whose {@code since} values are taken as they are
     */
    public static List<SchemaChange> compareProvider(SchemaSet baseline, ProviderSchema current) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(current, "current");
        ProviderSchema old = baseline.provider(current.name());
        List<SchemaChange> changes = new ArrayList<>();
        if (old == null) {
            ProviderSchema was = byInterface(baseline, current.interfaceName());
            if (was != null && !removed(was).isEmpty()) {
                changes.add(new SchemaChange(SchemaRule.PROVIDER_RENAMED, current.name(), null, -1, null, "provider"
                        + " interface " + current.interfaceName() + " declares the name '" + current.name() + "', but the"
                        + " baseline has it as provider " + was.name() + ", with stable events", "keep @TraceProvider(\""
                        + was.name() + "\") (consumers select events by provider name), or keep a provider named "
                        + was.name() + " that retires its stable events with @Retired"));
                return changes; // its events are compared with nothing else under its new name
            }
            changes.add(new SchemaChange(SchemaRule.PROVIDER_ADDED, current.name(), null, -1, null, "provider "
                    + current.name() + " (" + current.interfaceName() + ") was added", ""));
        }
        changes.addAll(compare(old, current));
        return changes;
    }

    /**
     * {@code current} with the {@code since} of each field as a build against {@code baseline} as lock file gives
     * it: a field of a baseline event (matched by id and name) keeps the baseline's since, an appended field keeps
     * its own when that lies after the baseline's version and is otherwise since the event's current version (the
     * first version whose schema has it); a new event's fields keep theirs.
     */
    public static ProviderSchema inferSince(ProviderSchema baseline, ProviderSchema current) {
        List<EventSchema> events = new ArrayList<>();
        for (EventSchema now : current.events()) {
            EventSchema before = baseline.eventById(now.id());
            if (before == null || !before.name().equals(now.name())) {
                events.add(now);
                continue;
            }
            List<FieldSchema> fields = new ArrayList<>();
            for (FieldSchema field : now.fields()) {
                FieldSchema known = before.field(field.name());
                int since = known != null ? Math.min(known.since(), now.version())
                        : field.since() > before.version() ? field.since() : now.version();
                fields.add(new FieldSchema(field.name(), field.type(), since, field.defaultValue(), field.enumType(),
                        field.enumConstants(), field.doc()));
            }
            events.add(new EventSchema(now.id(), now.name(), now.stability(), now.level(), now.version(), now.deprecated(),
                    now.doc(), fields));
        }
        return new ProviderSchema(current.name(), current.interfaceName(), events, current.retired());
    }

    /** The provider of {@code set} whose interface is {@code interfaceName}, or {@code null}. */
    private static ProviderSchema byInterface(SchemaSet set, String interfaceName) {
        return set.providers().stream().filter(provider -> provider.interfaceName().equals(interfaceName)).findFirst()
                .orElse(null);
    }

    /** WM117 for a provider that is gone, when it had stable events; else nothing. */
    private static List<SchemaChange> removed(ProviderSchema old) {
        if (old.events().stream().noneMatch(EventSchema::abi)) {
            return List.of();
        }
        return List.of(new SchemaChange(SchemaRule.PROVIDER_REMOVED, old.name(), null, -1, null, "provider " + old.name()
                + " (" + old.interfaceName() + ") with stable events was removed", "restore it, or retire its stable"
                + " events with @Retired on an otherwise empty provider"));
    }

    /**
     * Every change of one provider. The {@code since} of the current fields is taken as it is (as the processor
     * builds it, from {@code @Since} or the lock file), so a contradiction is {@link SchemaRule#SINCE_CHANGED}.
     *
     * @param baseline the provider in the baseline, or {@code null} when it has none (then only the rules
     *     about the current declaration itself apply, such as {@link SchemaRule#RETIRED_REUSED})
     * @param current the provider now
     */
    public static List<SchemaChange> compare(ProviderSchema baseline, ProviderSchema current) {
        Objects.requireNonNull(current, "current");
        if (baseline != null && !baseline.name().equals(current.name())) {
            throw new IllegalArgumentException("cannot compare provider " + baseline.name() + " with " + current.name());
        }
        ProviderPair pair = new ProviderPair(baseline, current);
        List<SchemaChange> changes = new ArrayList<>();
        for (CompatibilityRule rule : RULES) {
            rule.check(pair, changes);
        }
        return changes;
    }

    /** Only the breaking changes of {@code changes}. */
    public static List<SchemaChange> breaking(List<SchemaChange> changes) {
        return changes.stream().filter(SchemaChange::breaking).toList();
    }
}
