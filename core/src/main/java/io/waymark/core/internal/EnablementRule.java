package io.waymark.core.internal;

import io.waymark.spi.EventPattern;
import io.waymark.spi.EventType;
import org.apache.commons.lang3.StringUtils;

/**
 * One enabling or disabling rule of a session: {@code [!]provider[:event]} with globs ({@code *}, {@code ?}).
 * A rule without an event part matches every event of the matching providers. The syntax is
 * {@link EventPattern}'s.
 */
public final class EnablementRule {

    private final EventPattern pattern;

    private EnablementRule(EventPattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Parses a rule; a leading {@code '!'} makes it a disabling rule.
     *
     * @throws IllegalArgumentException naming the pattern and the expected form
     */
    public static EnablementRule parse(String rule) {
        return new EnablementRule(EventPattern.parse(rule));
    }

    /**
     * Parses a bare pattern for {@code enable}/{@code disable}: the same syntax without the leading
     * {@code '!'}, which those methods express themselves.
     *
     * @throws IllegalArgumentException naming the pattern and the expected form
     */
    public static String checkPattern(String pattern) {
        String text = StringUtils.trimToEmpty(pattern);
        if (text.startsWith("!")) {
            throw new IllegalArgumentException("pattern '" + pattern + "' starts with '!': enable(...) and disable(...) take "
                    + "a bare provider:event pattern; to exclude events call disable(\"" + text.substring(1) + "\")");
        }
        parse(text);
        return text;
    }

    /** Whether this rule enables (rather than disables) what it matches. */
    public boolean enabling() {
        return !pattern.excluding();
    }

    /** Whether the rule matches the event type's provider and name. */
    public boolean matches(EventType type) {
        return pattern.matches(type);
    }

    @Override
    public String toString() {
        return pattern.toString();
    }
}
