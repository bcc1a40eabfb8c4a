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
            new CompatibleChangesRule());

    private SchemaCompatibility() {}

    /**
     * Every change from {@code baseline} to {@code current}, by provider name and then in rule order.
     * A provider missing from {@code current} is {@link SchemaRule#PROVIDER_REMOVED} when it had stable
     * events; a new one is {@link SchemaRule#PROVIDER_ADDED}.
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
                if (old.events().stream().anyMatch(EventSchema::abi)) {
                    changes.add(new SchemaChange(SchemaRule.PROVIDER_REMOVED, name, null, -1, null, "provider " + name
                            + " (" + old.interfaceName() + ") with stable events was removed", "restore it, or retire"
                            + " its stable events with @Retired on an otherwise empty provider"));
                }
                continue;
            }
            if (old == null) {
                changes.add(new SchemaChange(SchemaRule.PROVIDER_ADDED, name, null, -1, null, "provider " + name + " ("
                        + now.interfaceName() + ") was added", ""));
            }
            changes.addAll(compare(old, now));
        }
        return changes;
    }

    /**
     * Every change of one provider.
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
