package io.waymark.processor.schema;

/**
 * The versioning rules, each with a stable id that appears in compiler errors and tool output. The
 * {@code WM1xx} rules are breaking changes of a {@link EventStability#STABLE} event; the {@code WM2xx}
 * ones classify the compatible changes. {@code docs/versioning.md} has the table.
 */
public enum SchemaRule {
    FIELD_REMOVED("WM101", true, "a field of a stable event was removed"),
    FIELD_RENAMED("WM102", true, "a field of a stable event was renamed"),
    FIELD_REORDERED("WM103", true, "a field of a stable event moved"),
    FIELD_TYPE_CHANGED("WM104", true, "a field of a stable event changed its type"),
    ENUM_CONSTANT_REMOVED("WM105", true, "an enum constant of a stable event's field was removed"),
    ENUM_CONSTANTS_REORDERED("WM106", true, "enum constants of a stable event's field changed their ordinals"),
    EVENT_ID_CHANGED("WM107", true, "a stable event's id changed"),
    EVENT_RENAMED("WM108", true, "a stable event's name changed"),
    EVENT_REMOVED("WM109", true, "a stable event was removed without @Retired"),
    RETIRED_REUSED("WM110", true, "a retired event id or name is used again"),
    UNRETIRED("WM111", true, "a @Retired entry was removed or changed"),
    STABILITY_DEMOTED("WM112", true, "a stable event became unstable"),
    VERSION_NOT_RAISED("WM113", true, "fields were appended without raising the event version"),
    VERSION_LOWERED("WM114", true, "a stable event's version was lowered"),
    SINCE_CHANGED("WM115", true, "a field's since-version contradicts the baseline"),
    LEVEL_LOWERED("WM116", true, "a stable event's level was lowered"),
    PROVIDER_REMOVED("WM117", true, "a provider with stable events was removed"),
    DEFAULT_CHANGED("WM118", true, "the default of a stable event's field changed, was added or was removed"),
    PROVIDER_RENAMED("WM119", true, "a provider with stable events was renamed"),

    EVENT_ADDED("WM201", false, "an event was added"),
    FIELD_APPENDED("WM202", false, "a field was appended to a stable event with a version bump"),
    ENUM_CONSTANT_APPENDED("WM203", false, "an enum constant was appended"),
    DOC_CHANGED("WM204", false, "documentation changed"),
    LEVEL_RAISED("WM205", false, "a stable event's level was raised"),
    STABILITY_PROMOTED("WM206", false, "an unstable event became stable"),
    DEPRECATION_CHANGED("WM207", false, "an event was deprecated or undeprecated"),
    EVENT_RETIRED("WM208", false, "an event was removed and retired"),
    UNSTABLE_CHANGED("WM209", false, "an unstable event changed or was removed (no ABI promise)"),
    PROVIDER_ADDED("WM210", false, "a provider was added"),
    VERSION_RAISED("WM211", false, "a stable event's version was raised without appending fields");

    private final String id;
    private final boolean breaking;
    private final String title;

    SchemaRule(String id, boolean breaking, String title) {
        this.id = id;
        this.breaking = breaking;
        this.title = title;
    }

    /** The stable rule id, such as {@code WM101}. */
    public String id() {
        return id;
    }

    /** Whether a change under this rule breaks consumers of a stable event. */
    public boolean breaking() {
        return breaking;
    }

    /** A one-line description. */
    public String title() {
        return title;
    }
}
