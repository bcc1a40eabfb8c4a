package io.waymark.core.internal;

import io.waymark.spi.EventPattern;
import io.waymark.spi.EventType;
import io.waymark.spi.filter.CheckedFilter;
import io.waymark.spi.filter.Filter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.lang3.StringUtils;

/**
 * One rule of a session: an {@link EventPattern} (the one parser of the rule grammar that
 * {@code docs/rules.md} documents) and whether it enables or disables what it matches; and the
 * splitting of rule lists as start-up properties give them.
 */
public final class EnablementRule {

    /** The longest pattern (the part before any filter) accepted, in characters. */
    public static final int MAX_PATTERN_LENGTH = EventPattern.MAX_PATTERN_LENGTH;

    private final boolean enabling;
    private final String text;
    private final EventPattern pattern;
    /** The filter checked against each event type it met, by identity: a result or an error; guarded by the runtime lock. */
    private final Map<EventType, Check> checks = new IdentityHashMap<>();

    /**
     * The outcome of checking the rule's filter against one event type: the compiled filter, or the
     * error; {@code fresh} the first time it is asked, so that its warnings and errors are reported once.
     */
    record Check(CheckedFilter filter, String error, boolean fresh) {}

    private EnablementRule(boolean enabling, String text, EventPattern pattern) {
        this.enabling = enabling;
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * Parses a rule; a leading {@code '!'} makes it a disabling rule. Whitespace around it is ignored.
     *
     * @throws IllegalArgumentException naming the rule, what is wrong and the expected form
     */
    public static EnablementRule parse(String rule) {
        EventPattern pattern = EventPattern.parse(rule);
        return new EnablementRule(!pattern.excluding(), pattern.toString(), pattern);
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
        EventPattern parsed = EventPattern.pattern(text);
        if (!enabling && parsed.filter().isPresent()) {
            throw new IllegalArgumentException("pattern '" + shorten(text) + "': disable(...) takes no filter; to record only "
                    + "some events of a type, enable it with a filter, such as enable(\"shop:order[!(items > 3)]\")");
        }
        return new EnablementRule(enabling, enabling ? parsed.toString() : "!" + parsed, parsed);
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
        return pattern.matches(type);
    }

    /** The rule's filter, if it has one. */
    public Optional<Filter> filter() {
        return pattern.filter();
    }

    /**
     * The rule's filter checked against {@code type} (which the rule matches); {@code null} when the rule
     * has no filter. Checked once per type and kept. Holds the runtime lock: the check is bounded by the
     * filter's limits ({@link Filter#MAX_NODES}) and the type's fields.
     */
    Check check(EventType type) {
        Optional<Filter> filter = pattern.filter();
        if (filter.isEmpty()) {
            return null;
        }
        Check known = checks.get(type);
        if (known != null) {
            return known;
        }
        Check check;
        try {
            check = new Check(filter.get().check(type), null, true);
        } catch (IllegalArgumentException e) {
            check = new Check(null, e.getMessage(), true);
        }
        checks.put(type, new Check(check.filter(), check.error(), false));
        return check;
    }

    /** The rule as {@link #parse} reads it: the pattern, prefixed with {@code '!'} when disabling, then any filter. */
    @Override
    public String toString() {
        return text;
    }
}
