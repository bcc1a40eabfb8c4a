package io.waymark.spi;

import io.waymark.spi.filter.Filter;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule over events, the one parser of the rule grammar that {@code docs/rules.md} documents:
 * {@code [!]provider[:event]} with the globs {@code *} (any run of characters) and {@code ?} (one
 * character); a pattern without an event part matches every event of the matching providers, and a
 * leading {@code '!'} marks an exclusion. A filter in brackets after the pattern
 * ({@code provider:event[items > 3 && customer == "a*"]}, {@code docs/filters.md}) selects events by
 * their fields' values; it is parsed here ({@link Filter}) and checked against each matching event
 * type by whoever applies the rule. Sessions, start-up
 * configuration, the management interface and the {@code waymark} command line all parse with this
 * one class, so they accept and reject the same text.
 *
 * <p>Parsing is linear in the text's length and matching never uses a regular expression
 * ({@link Glob}): a pattern costs time bounded by {@link #MAX_PATTERN_LENGTH} and the names matched.
 */
public final class EventPattern {

    /** The longest pattern (the part before any filter) accepted, in characters. */
    public static final int MAX_PATTERN_LENGTH = 1024;

    private static final String FORM = "expected [!]provider[:event], made of letters, digits, '_', '.', '-' and the globs "
            + "'*' and '?' (for example 'shop.orders:*', 'shop.*:order?laced' or '!shop.orders:cacheMiss')";

    private final boolean excluding;
    private final String text;
    private final Glob provider;
    private final Glob event;
    private final Filter filter;

    private EventPattern(boolean excluding, String text, Glob provider, Glob event, Filter filter) {
        this.excluding = excluding;
        this.text = text;
        this.provider = provider;
        this.event = event;
        this.filter = filter;
    }

    /**
     * Parses a rule (surrounding white space ignored); a leading {@code '!'} makes it an exclusion.
     *
     * @throws IllegalArgumentException naming the rule, what is wrong and the expected form
     */
    public static EventPattern parse(String rule) {
        String text = rule == null ? "" : rule.trim();
        boolean excluding = text.startsWith("!");
        return parse(excluding ? text.substring(1) : text, excluding, "rule", text);
    }

    /**
     * Parses a bare pattern, the rule grammar without the leading {@code '!'}: for calls that say
     * themselves whether they include or exclude ({@code enable}, {@code disable}).
     *
     * @throws IllegalArgumentException naming the pattern, what is wrong and the expected form
     */
    public static EventPattern pattern(String pattern) {
        String text = pattern == null ? "" : pattern.trim();
        return parse(text, false, "pattern", text);
    }

    private static EventPattern parse(String body, boolean excluding, String what, String given) {
        int bracket = body.indexOf('[');
        String pattern = bracket < 0 ? body : body.substring(0, bracket);
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException(what + " '" + shorten(given) + "' has a pattern of " + pattern.length()
                    + " characters; the limit is " + MAX_PATTERN_LENGTH);
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("malformed " + what + " '" + shorten(given) + "': the pattern is empty; " + FORM);
        }
        int colon = pattern.indexOf(':');
        String providerGlob = colon < 0 ? pattern : pattern.substring(0, colon);
        String eventGlob = colon < 0 ? "*" : pattern.substring(colon + 1);
        checkGlob(providerGlob, "provider", what, given);
        checkGlob(eventGlob, "event", what, given);
        Filter filter = null;
        if (bracket >= 0) {
            if (!body.endsWith("]")) {
                throw new IllegalArgumentException("malformed " + what + " '" + shorten(given) + "': the filter that '[' opens "
                        + "is not closed by a ']' at the end of the rule");
            }
            if (excluding) {
                throw new IllegalArgumentException(what + " '" + shorten(given) + "': an excluding rule ('!') takes no filter; "
                        + "to record only some events, enable them with a filter such as 'shop:order[!(items > 3)]'");
            }
            try {
                filter = Filter.parse(body.substring(bracket + 1, body.length() - 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " '" + shorten(given) + "': " + e.getMessage(), e);
            }
        }
        String canonical = (excluding ? "!" : "") + pattern + (filter == null ? "" : "[" + filter + "]");
        return new EventPattern(excluding, canonical, Glob.of(providerGlob), Glob.of(eventGlob), filter);
    }

    private static void checkGlob(String glob, String part, String what, String given) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("malformed " + what + " '" + shorten(given) + "': the " + part + " part is empty; "
                    + FORM);
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '*' || c == '?';
            if (!allowed) {
                throw new IllegalArgumentException("malformed " + what + " '" + shorten(given) + "': " + describe(c) + " in the "
                        + part + " part '" + shorten(glob) + "' is not allowed; " + FORM);
            }
        }
    }

    private static String describe(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    /** A value as messages quote it: whole when short, else its start (a hostile value may be megabytes). */
    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Whether the rule started with {@code '!'}: what it matches is excluded rather than included. */
    public boolean excluding() {
        return excluding;
    }

    /** The filter in brackets after the pattern, if any: the events of matching types it selects by their fields. */
    public Optional<Filter> filter() {
        return Optional.ofNullable(filter);
    }

    /** The rule without its filter: {@code [!]provider:event} as parsed. */
    public String patternText() {
        int bracket = text.indexOf('[');
        return bracket < 0 ? text : text.substring(0, bracket);
    }

    /** Whether the pattern matches the event type's provider and name (whether or not it is an exclusion). */
    public boolean matches(EventType type) {
        Objects.requireNonNull(type, "type");
        return matches(type.provider(), type.name());
    }

    /** Whether the pattern matches an event by its provider's and its own name (for tools that hold no types). */
    public boolean matches(String providerName, String eventName) {
        return provider.matches(providerName) && event.matches(eventName);
    }

    /**
     * The rule as parsed: the pattern, prefixed with {@code '!'} when excluding, followed by the filter
     * in canonical form ({@link Filter#toString()}) when it has one; parsing it gives the same rule.
     */
    @Override
    public String toString() {
        return text;
    }
}
