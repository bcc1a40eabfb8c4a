package io.waymark.backend.slf4j;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A real Logback appender on the logger {@code waymark} of SLF4J's Logback context, writing with a real encoder
 * into memory: what a file appender would write. Closing it detaches it and resets the level.
 */
final class LogbackCapture implements AutoCloseable {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} [%thread] %-5level %logger %marker - %msg %kvp%n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger logger;

    private LogbackCapture(Encoder<ILoggingEvent> encoder, Level level) {
        LoggerContext context = context();
        logger = context.getLogger("waymark");
        appender.setContext(context);
        appender.setName("capture");
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.setImmediateFlush(true);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(level);
    }

    static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** A plain pattern layout, {@link #PATTERN}. */
    static LogbackCapture pattern(Level level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context());
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return new LogbackCapture(encoder, level);
    }

    static LogbackCapture with(Encoder<ILoggingEvent> encoder, Level level) {
        encoder.setContext(context());
        encoder.start();
        return new LogbackCapture(encoder, level);
    }

    /** The level of the logger {@code name}, as a configuration file or a management tool would set it. */
    static void setLevel(String name, Level level) {
        context().getLogger(name).setLevel(level);
    }

    String text() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    List<String> lines() {
        return text().lines().toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setAdditive(true);
        LoggerContext context = context();
        for (Logger each : context.getLoggerList()) {
            if (each.getName().startsWith("waymark.")) {
                each.setLevel(null);
            }
        }
        logger.setLevel(null);
    }
}
