package io.waymark.processor.schema;

import java.util.List;

/** WM110: the id and name of a retired event (retired now or in the baseline) are reserved forever. */
final class RetiredReusedRule implements CompatibilityRule {

    @Override
    public void check(ProviderPair pair, List<SchemaChange> out) {
        for (EventSchema now : pair.current().events()) {
            RetiredEvent byId = retiredById(pair, now.id());
            RetiredEvent byName = retiredByName(pair, now.name());
            RetiredEvent retired = byId != null ? byId : byName;
            if (retired != null) {
                String what = byId != null ? "id " + now.id() : "name '" + now.name() + "'";
                out.add(pair.change(SchemaRule.RETIRED_REUSED, now, null, "event " + pair.provider() + ":" + now.name()
                        + " uses the " + what + " of retired event " + retired.name() + " (id " + retired.id() + ")",
                        "retired ids and names are reserved for ever: choose an id and a name never used in provider "
                        + pair.provider()));
            }
        }
    }

    /** Whether {@code now} uses the id or the name of a retired event. */
    static boolean reusesRetired(ProviderPair pair, EventSchema now) {
        return retiredById(pair, now.id()) != null || retiredByName(pair, now.name()) != null;
    }

    private static RetiredEvent retiredById(ProviderPair pair, int id) {
        RetiredEvent retired = pair.current().retiredById(id);
        return retired != null || pair.baseline() == null ? retired : pair.baseline().retiredById(id);
    }

    private static RetiredEvent retiredByName(ProviderPair pair, String name) {
        RetiredEvent retired = pair.current().retiredByName(name);
        return retired != null || pair.baseline() == null ? retired : pair.baseline().retiredByName(name);
    }
}
