package io.waymark.core.internal;

import io.waymark.spi.Reporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Where Waymark's own messages (configuration errors, start-up warnings, failing backends) go: to
 * SLF4J's logger {@code io.waymark}, each line starting {@code "Waymark: "}. A tracing library must
 * never be silent about why it is not tracing, so when SLF4J found no provider (it then discards
 * everything, after printing its own "No SLF4J providers were found"), errors and warnings go to
 * standard error instead, as {@code "Waymark ERROR: ..."} and {@code "Waymark WARN: ..."}; info lines
 * stay silent. An application that chose {@code slf4j-nop} asked for silence and gets it.
 */
public final class Diagnostics {

    private static final Logger LOG = LoggerFactory.getLogger("io.waymark");
    private static final String PREFIX = "Waymark: ";
    /** The provider of slf4j-nop: present when discarding was a choice, not SLF4J's fallback. */
    private static final String CHOSEN_NOP_PROVIDER = "org.slf4j.nop.NOPServiceProvider";
    private static final boolean TO_STANDARD_ERROR = slf4jHasNoProvider();

    private Diagnostics() {}

    /** What backends report through ({@code BackendContext.reporter()}): the same destinations as Waymark's own messages. */
    public static final Reporter REPORTER = new Reporter() {
        @Override
        public void warn(String message, Throwable cause) {
            Diagnostics.warn(message, cause);
        }

        @Override
        public void error(String message, Throwable cause) {
            Diagnostics.error(message, cause);
        }
    };

    /** An error: something the user configured does not work. One line naming the problem and the remedy. */
    public static void error(String message) {
        error(message, null);
    }

    /** An error with its cause; standard error gets the cause's one-line description, not its stack trace. */
    public static void error(String message, Throwable cause) {
        if (TO_STANDARD_ERROR) {
            print("ERROR", message, cause);
        } else if (cause == null) {
            LOG.error(PREFIX + message);
        } else {
            LOG.error(PREFIX + message, cause);
        }
    }

    /** A warning: one line naming the problem and the remedy. */
    public static void warn(String message) {
        warn(message, null);
    }

    /** A warning with its cause; standard error gets the cause's one-line description, not its stack trace. */
    public static void warn(String message, Throwable cause) {
        if (TO_STANDARD_ERROR) {
            print("WARN", message, cause);
        } else if (cause == null) {
            LOG.warn(PREFIX + message);
        } else {
            LOG.warn(PREFIX + message, cause);
        }
    }

    /** Information (what a startup session records, and where): through SLF4J only. */
    public static void info(String message) {
        LOG.info(PREFIX + message);
    }

    private static void print(String level, String message, Throwable cause) {
        System.err.println("Waymark " + level + ": " + message + (cause == null ? "" : " (" + cause + ")"));
    }

    /**
     * Whether SLF4J discards everything because it found no provider: its fallback then serves a
     * {@link NOPLoggerFactory}. So does slf4j-nop, which users add to silence logging on purpose.
     */
    static boolean slf4jHasNoProvider() {
        if (!(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory)) {
            return false;
        }
        try {
            Class.forName(CHOSEN_NOP_PROVIDER, false, LoggerFactory.class.getClassLoader());
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }
}
