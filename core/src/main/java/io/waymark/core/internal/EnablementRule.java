package io.waymark.core.internal;

import io.waymark.spi.EventType;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;

/**
 * One enabling or disabling rule of a session: {@code [!]provider[:event]} with globs ({@code *}, {@code ?}).
 * A rule without an event part matches every event of the matching providers.
 */
public final class EnablementRule {

    private static final String GLOB_CHARS = "A-Za-z0-9_.\\-*?";
    private static final Pattern WELL_FORMED = Pattern.compile("!?[" + GLOB_CHARS + "]+(:[" + GLOB_CHARS + "]+)?");

    private final boolean enabling;
    private final String text;
    private final Pattern provider;
    private final Pattern event;

    private EnablementRule(boolean enabling, String text, Pattern provider, Pattern event) {
        this.enabling = enabling;
        this.text = text;
        this.provider = provider;
        this.event = event;
    }

    /**
     * Parses a rule; a leading {@code '!'} makes it a disabling rule.
     *
     * @throws IllegalArgumentException naming the pattern and the expected form
     */
    public static EnablementRule parse(String rule) {
        String text = StringUtils.trimToEmpty(rule);
        if (!WELL_FORMED.matcher(text).matches()) {
            throw new IllegalArgumentException("malformed event pattern '" + rule + "': expected provider or provider:event, "
                    + "made of letters, digits, '_', '.', '-' and the globs '*' and '?', optionally prefixed with '!' to disable "
                    + "(for example 'shop.orders:*', 'shop.*:order?laced' or '!shop.orders:cacheMiss')");
        }
        boolean enabling = !text.startsWith("!");
        String body = enabling ? text : text.substring(1);
        int colon = body.indexOf(':');
        String providerGlob = colon < 0 ? body : body.substring(0, colon);
        String eventGlob = colon < 0 ? "*" : body.substring(colon + 1);
        return new EnablementRule(enabling, text, globToRegex(providerGlob), globToRegex(eventGlob));
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
        return enabling;
    }

    /** Whether the rule matches the event type's provider and name. */
    public boolean matches(EventType type) {
        return provider.matcher(type.provider()).matches() && event.matcher(type.name()).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
