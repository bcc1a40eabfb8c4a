package io.waymark.processor.schema;

import java.util.Objects;

/**
 * One classified difference between a baseline and a current schema.
 *
 * @param rule the rule that classifies it
 * @param provider the provider name
 * @param event the event's current name (its baseline name when it is gone), or {@code null} for a
 *     change of the provider itself
 * @param eventId the event's current id (its baseline id when it is gone), or -1
 * @param field the field's current name (its baseline name when it is gone), or {@code null}
 * @param message what changed
 * @param remedy how to make the change compatible; empty for a compatible change
 */
public record SchemaChange(SchemaRule rule, String provider, String event, int eventId, String field, String message,
        String remedy) {

    public SchemaChange {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remedy, "remedy");
    }

    /** The rule id, such as {@code WM101}. */
    public String ruleId() {
        return rule.id();
    }

    /** Whether the change breaks consumers. */
    public boolean breaking() {
        return rule.breaking();
    }

    /** {@code [WM101] message; remedy}, as the compiler reports it. */
    public String describe() {
        return "[" + rule.id() + "] " + message + (remedy.isEmpty() ? "" : "; " + remedy);
    }

    @Override
    public String toString() {
        return describe();
    }
}
