package io.waymark.testing;

import io.waymark.backend.memory.RecordedEvent;
import java.util.Arrays;
import java.util.List;
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
            long dropped, int capacity, int highlight) {
        return new AssertionFailedError(message + "\n" + listing(events, dropped, capacity, highlight), expected, actual);
    }

    static String listing(List<RecordedEvent> events, long dropped, int capacity, int highlight) {
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
        if (dropped > 0) {
            text.append('\n').append(dropped).append(dropped == 1 ? " more event was" : " more events were")
                    .append(" dropped: the recorder keeps the first ").append(capacity);
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
