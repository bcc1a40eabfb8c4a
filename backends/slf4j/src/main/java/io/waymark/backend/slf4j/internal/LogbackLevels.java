package io.waymark.backend.slf4j.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import org.slf4j.ILoggerFactory;

/**
 * Hears of Logback's level changes ({@link LoggerContextListener#onLevelChange}, a reset or a reconfiguration) and
 * runs a callback. The only class that names Logback: {@link Slf4jBackend} loads it only when the logger factory is
 * Logback's, so the backend works with any SLF4J provider and without Logback on the class path.
 */
final class LogbackLevels implements LoggerContextListener {

    /** The class name of Logback's logger factory: the backend compares names, so as not to load Logback. */
    static final String LOGGER_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private final LoggerContext context;
    private final Runnable onChange;

    private LogbackLevels(LoggerContext context, Runnable onChange) {
        this.context = context;
        this.onChange = onChange;
    }

    /** Listens to {@code factory}, a Logback {@code LoggerContext}; the result stops listening. */
    static AutoCloseable listen(ILoggerFactory factory, Runnable onChange) {
        LoggerContext context = (LoggerContext) factory;
        LogbackLevels listener = new LogbackLevels(context, onChange);
        context.addListener(listener);
        return () -> context.removeListener(listener);
    }

    /** A reconfiguration (Logback's {@code scan}) resets the context: keep listening through it. */
    @Override
    public boolean isResetResistant() {
        return true;
    }

    @Override
    public void onStart(LoggerContext loggerContext) {
        onChange.run();
    }

    @Override
    public void onReset(LoggerContext loggerContext) {
        onChange.run();
    }

    @Override
    public void onStop(LoggerContext loggerContext) {
        onChange.run();
    }

    /** Any logger's level: a parent's change changes its children's effective levels, so every answer is re-asked. */
    @Override
    public void onLevelChange(Logger logger, Level level) {
        onChange.run();
    }

    @Override
    public String toString() {
        return "LogbackLevels[" + context.getName() + "]";
    }
}
