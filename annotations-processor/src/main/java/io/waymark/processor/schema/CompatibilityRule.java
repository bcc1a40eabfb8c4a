package io.waymark.processor.schema;

import java.util.List;

/** One versioning rule: finds the changes it classifies between a baseline provider and the current one. */
interface CompatibilityRule {

    /**
     * Adds the changes of this rule, in event and field order.
     *
     * @param pair the baseline provider (possibly absent) and the current one
     * @param out where the changes go
     */
    void check(ProviderPair pair, List<SchemaChange> out);
}
