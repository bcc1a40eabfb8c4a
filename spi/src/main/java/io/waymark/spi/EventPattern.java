package io.waymark.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern over events, the syntax of sessions' enabling rules: {@code [!]provider[:event]} with the
 * globs {@code *} (any run of characters) and {@code ?} (one character); a pattern without an event
 * part matches every event of the matching providers, and a leading {@code '!'} marks an exclusion.
 * Sessions and the {@code waymark} command line parse patterns with this one class, so they accept
 * and reject the same text.
 */
public final class EventPattern {

    private static final String GLOB_CHARS = "A-Za-z0-9_.\\-*?";
    private static final Pattern WELL_FORMED = Pattern.compile("!?[" + GLOB_CHARS + "]+(:[" + GLOB_CHARS + "]+)?");

    private final boolean excluding;
    private final String text;
    private final Pattern provider;
    private final Pattern event;

    private EventPattern(boolean excluding, String text, Pattern provider, Pattern event) {
        this.excluding = excluding;
        this.text = text;
        this.provider = provider;
        this.event = event;
    }

    /**
     * Parses a pattern (surrounding white space ignored); a leading {@code '!'} makes it an exclusion.
     *
     * @throws IllegalArgumentException naming the pattern and the expected form
     */
    public static EventPattern parse(String pattern) {
        String text = pattern == null ? "" : pattern.trim();
        if (!WELL_FORMED.matcher(text).matches()) {
            throw new IllegalArgumentException("malformed event pattern '" + pattern + "': expected provider or provider:event, "
                    + "made of letters, digits, '_', '.', '-' and the globs '*' and '?', optionally prefixed with '!' to disable "
                    + "(for example 'shop.orders:*', 'shop.*:order?laced' or '!shop.orders:cacheMiss')");
        }
        boolean excluding = text.startsWith("!");
        String body = excluding ? text.substring(1) : text;
        int colon = body.indexOf(':');
        String providerGlob = colon < 0 ? body : body.substring(0, colon);
        String eventGlob = colon < 0 ? "*" : body.substring(colon + 1);
        return new EventPattern(excluding, text, globToRegex(providerGlob), globToRegex(eventGlob));
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether the pattern started with {@code '!'}: what it matches is excluded rather than included. */
    public boolean excluding() {
        return excluding;
    }

    /** Whether the pattern matches the event type's provider and name (whether or not it is an exclusion). */
    public boolean matches(EventType type) {
        Objects.requireNonNull(type, "type");
        return matches(type.provider(), type.name());
    }

    /** Whether the pattern matches an event by its provider's and its own name (for tools that hold no types). */
    public boolean matches(String providerName, String eventName) {
        return provider.matcher(providerName).matches() && event.matcher(eventName).matches();
    }

    /** The pattern as parsed, without surrounding white space. */
    @Override
    public String toString() {
        return text;
    }
}
