package io.waymark.core.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.Glob;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.commons.lang3.StringUtils;

/**
 * One rule of a session, parsed by the one parser of the rule grammar that {@code docs/rules.md}
 * documents: {@code [!]provider[:event]} with globs ({@code *}, {@code ?}), a leading {@code '!'}
 * making it a disabling rule. A rule without an event part matches every event of the matching
 * providers. A filter in brackets after the pattern ({@code provider:event[...]}) is reserved syntax,
 * refused until filters exist.
 *
 * <p>Parsing is linear in the rule's length and matching never uses a regular expression
 * ({@link Glob}), so that a rule costs the runtime, which matches under its lock, time bounded by
 * {@link #MAX_PATTERN_LENGTH} and the names matched.
 */
public final class EnablementRule {

    /** The longest pattern (the part before any filter) accepted, in characters. */
    public static final int MAX_PATTERN_LENGTH = 1024;

    private static final String FORM = "expected [!]provider[:event], made of letters, digits, '_', '.', '-' and the globs "
            + "'*' and '?' (for example 'shop.orders:*', 'shop.*:order?laced' or '!shop.orders:cacheMiss')";

    private final boolean enabling;
    private final String text;
    private final Glob provider;
    private final Glob event;

    private EnablementRule(boolean enabling, String text, Glob provider, Glob event) {
        this.enabling = enabling;
        this.text = text;
        this.provider = provider;
        this.event = event;
    }

    /**
     * Parses a rule; a leading {@code '!'} makes it a disabling rule. Whitespace around it is ignored.
     *
     * @throws IllegalArgumentException naming the rule, what is wrong and the expected form
     */
    public static EnablementRule parse(String rule) {
        String text = StringUtils.trimToEmpty(rule);
        boolean enabling = !text.startsWith("!");
        return parse(enabling ? text : text.substring(1), enabling, "rule", text);
    }

    /**
     * Parses a pattern for {@code enable}/{@code disable}: the rule grammar without the leading
     * {@code '!'}, which those methods express themselves.
     *
     * @param enabling whether the rule enables what the pattern matches
     * @throws IllegalArgumentException naming the pattern, what is wrong and the expected form
     */
    public static EnablementRule pattern(String pattern, boolean enabling) {
        String text = StringUtils.trimToEmpty(pattern);
        if (text.startsWith("!")) {
            throw new IllegalArgumentException("pattern '" + shorten(text) + "' starts with '!': enable(...) and disable(...) "
                    + "take a bare provider:event pattern; to exclude events call disable(\"" + shorten(text.substring(1))
                    + "\") (a '!' prefix belongs in rule lists such as waymark.enable)");
        }
        return parse(text, enabling, "pattern", text);
    }

    private static EnablementRule parse(String body, boolean enabling, String what, String given) {
        int bracket = body.indexOf('[');
        String pattern = bracket < 0 ? body : body.substring(0, bracket);
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException(what + " '" + shorten(given) + "' has a pattern of " + pattern.length()
                    + " characters; the limit is " + MAX_PATTERN_LENGTH);
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("malformed " + what + " '" + given + "': the pattern is empty; " + FORM);
        }
        int colon = pattern.indexOf(':');
        String providerGlob = colon < 0 ? pattern : pattern.substring(0, colon);
        String eventGlob = colon < 0 ? "*" : pattern.substring(colon + 1);
        checkGlob(providerGlob, "provider", what, given);
        checkGlob(eventGlob, "event", what, given);
        if (bracket >= 0) {
            if (!body.endsWith("]")) {
                throw new IllegalArgumentException("malformed " + what + " '" + shorten(given) + "': the filter that '[' opens "
                        + "is not closed by a ']' at the end of the rule");
            }
            throw new IllegalArgumentException(what + " '" + shorten(given) + "': filters ('[...]' after the pattern) are not "
                    + "supported yet; remove the filter, or select the events with patterns alone");
        }
        String text = enabling ? pattern : "!" + pattern;
        return new EnablementRule(enabling, text, Glob.of(providerGlob), Glob.of(eventGlob));
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
    static String shorten(String text) {
        return StringUtils.abbreviate(text, 80);
    }

    /**
     * Splits a list of rules as {@code waymark.enable} gives it: at the commas outside brackets,
     * parentheses and quotes (so that a future filter such as {@code [x in (1, 2)]} stays whole), a
     * backslash making the next character ordinary. The backslash stays in the rule, for the rule's
     * own syntax to read. Whitespace around each rule is dropped.
     *
     * @throws IllegalArgumentException when a rule is empty, or a bracket or quote is not closed
     */
    public static List<String> splitList(String list) {
        List<String> rules = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>(); // positions of the open '[', '(' and quotes
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            char innermost = open.isEmpty() ? 0 : list.charAt(open.peek());
            if (c == '\\') {
                if (i + 1 == list.length()) {
                    throw new IllegalArgumentException("the list ends with a '\\' that escapes nothing; write '\\\\' for a "
                            + "backslash");
                }
                i++;
            } else if (innermost == '"' || innermost == '\'') {
                if (c == innermost) {
                    open.pop();
                }
            } else if (c == '[' || c == '(' || c == '"' || c == '\'') {
                open.push(i);
            } else if (c == ']' || c == ')') {
                char expected = c == ']' ? '[' : '(';
                if (innermost != expected) {
                    throw new IllegalArgumentException("'" + c + "' at position " + i + " closes no '" + expected + "'"
                            + (innermost == 0 ? "" : " ('" + innermost + "' at position " + open.peek() + " is still open)"));
                }
                open.pop();
            } else if (c == ',' && open.isEmpty()) {
                rules.add(item(list, start, i));
                start = i + 1;
            }
        }
        if (!open.isEmpty()) {
            int position = open.getLast();
            throw new IllegalArgumentException("'" + list.charAt(position) + "' at position " + position + " is not closed");
        }
        rules.add(item(list, start, list.length()));
        return rules;
    }

    private static String item(String list, int start, int end) {
        String rule = list.substring(start, end).trim();
        if (rule.isEmpty()) {
            throw new IllegalArgumentException("empty rule at position " + start + " of '" + shorten(list)
                    + "': give rules separated by single commas, such as 'shop.orders:*,!shop.orders:cacheMiss'");
        }
        return rule;
    }

    /** Whether this rule enables (rather than disables) what it matches. */
    public boolean enabling() {
        return enabling;
    }

    /** Whether the rule matches the event type's provider and name. */
    public boolean matches(EventType type) {
        return provider.matches(type.provider()) && event.matches(type.name());
    }

    /** The rule as {@link #parse} reads it: the pattern, prefixed with {@code '!'} when disabling. */
    @Override
    public String toString() {
        return text;
    }
}
