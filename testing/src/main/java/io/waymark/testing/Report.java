package io.waymark.testing;

import io.waymark.backend.memory.RecordedEvent;
import io.waymark.spi.DiscardReason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/** Builds assertion failures that say what was expected and list what was recorded. */
final class Report {

    /** Events listed in a failure message at most; a long recording is shown around the event in question. */
    static final int MAX_LISTED = 50;

    private Report() {}

    /**
     * A failure: the message, then the recorded events with the one at {@code highlight} (0-based, or
     * {@code -1}) marked.
     */
    static AssertionFailedError failure(String message, Object expected, Object actual, List<RecordedEvent> events,
            Map<DiscardReason, Long> discarded, int capacity, int highlight) {
        return new AssertionFailedError(message + "\n" + listing(events, discarded, capacity, highlight), expected, actual);
    }

    /** Events discarded for any reason. */
    static long total(Map<DiscardReason, Long> discarded) {
        long total = 0;
        for (long count : discarded.values()) {
            total += count;
        }
        return total;
    }

    /** The session's discards as a failure shows them: {@code "3 BUFFER_FULL, 1 BACKEND_FAILED"}. */
    static String reasons(Map<DiscardReason, Long> discarded) {
        StringBuilder text = new StringBuilder();
        discarded.forEach((reason, count) -> text.append(text.length() == 0 ? "" : ", ").append(count).append(' ').append(reason));
        return text.toString();
    }

    static String listing(List<RecordedEvent> events, Map<DiscardReason, Long> discarded, int capacity, int highlight) {
        StringBuilder text = new StringBuilder();
        if (events.isEmpty()) {
            text.append("recorded events: none");
        } else {
            text.append("recorded events (").append(events.size()).append("):");
            int from = 0;
            int to = events.size();
            if (to > MAX_LISTED) {
                from = Math.max(0, Math.min(highlight - MAX_LISTED / 2, to - MAX_LISTED));
                to = from + MAX_LISTED;
            }
            if (from > 0) {
                text.append("\n    ... ").append(from).append(" earlier");
            }
            for (int i = from; i < to; i++) {
                text.append('\n').append(i == highlight ? "  > #" : "    #").append(i + 1).append(' ').append(events.get(i));
            }
            if (to < events.size()) {
                text.append("\n    ... ").append(events.size() - to).append(" later");
            }
        }
        long full = discarded.getOrDefault(DiscardReason.BUFFER_FULL, 0L);
        if (full > 0) {
            text.append('\n').append(full).append(full == 1 ? " more event was" : " more events were")
                    .append(" discarded: the recorder keeps the first ").append(capacity);
        }
        long other = total(discarded) - full;
        if (other > 0) {
            Map<DiscardReason, Long> others = new java.util.EnumMap<>(discarded);
            others.remove(DiscardReason.BUFFER_FULL);
            text.append('\n').append(other).append(other == 1 ? " event was" : " events were")
                    .append(" discarded before the recorder saw ").append(other == 1 ? "it" : "them").append(" (")
                    .append(reasons(others)).append("; see io.waymark.spi.DiscardReason)");
        }
        return text.toString();
    }

    /** A value as a failure message shows it: strings quoted, byte arrays by content, enums by name. */
    static String show(Object value) {
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof Character c) {
            return "'" + c + "'";
        }
        if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        if (value instanceof Enum<?> constant) {
            return constant.getDeclaringClass().getSimpleName() + "." + constant.name();
        }
        return String.valueOf(value);
    }
}
