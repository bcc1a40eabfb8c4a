package io.waymark.backend.slf4j.internal;

import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;

/**
 * One event as an SLF4J 2 {@link LoggingEvent}, handed to a {@link org.slf4j.spi.LoggingEventAware} logger: what
 * the fluent API's builder would hand it, plus the event's own time and thread, which a provider may use. (Logback
 * 1.5 and slf4j-simple 2.0 stamp the record themselves, on the emitting thread, microseconds after the tracepoint:
 * the {@code time-key} setting carries the exact time to them.)
 */
final class WaymarkLoggingEvent implements LoggingEvent {

    private final TypeLog type;
    private final List<KeyValuePair> keyValuePairs;
    private final long timeStampMillis;
    private final String threadName;
    private final Thread thread;

    /**
     * @param timeStampMillis the event's time, or {@link TypeLog#TIME_NOW}
     * @param threadName the emitting thread's name, or {@code null}: the current thread emits
     */
    WaymarkLoggingEvent(TypeLog type, List<KeyValuePair> keyValuePairs, long timeStampMillis, String threadName) {
        this.type = type;
        this.keyValuePairs = keyValuePairs;
        this.timeStampMillis = timeStampMillis;
        this.threadName = threadName;
        this.thread = threadName == null ? Thread.currentThread() : null;
    }

    @Override
    public Level getLevel() {
        return type.level;
    }

    @Override
    public String getLoggerName() {
        return type.logger.getName();
    }

    /** The event name. */
    @Override
    public String getMessage() {
        return type.message;
    }

    /** None: the message has no placeholders, the fields are key-values. */
    @Override
    public List<Object> getArguments() {
        return null;
    }

    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public List<Marker> getMarkers() {
        return type.markers;
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return keyValuePairs;
    }

    @Override
    public Throwable getThrowable() {
        return null;
    }

    /**
     * The event's own time, milliseconds since the epoch: for a record taken from the tracepoint's arguments, the
     * clock read during the call; into Logback, which stamps its records itself and does not ask, the clock is
     * read only if something asks.
     */
    @Override
    public long getTimeStamp() {
        return timeStampMillis != TypeLog.TIME_NOW ? timeStampMillis : System.currentTimeMillis();
    }

    /** The emitting thread's name (for a record taken from the tracepoint's arguments, read when asked). */
    @Override
    public String getThreadName() {
        return threadName != null ? threadName : thread.getName();
    }

    @Override
    public String toString() {
        return "WaymarkLoggingEvent[" + type.logger.getName() + " " + type.message + " " + keyValuePairs + "]";
    }
}
