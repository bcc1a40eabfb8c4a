package io.waymark.backend.jfr;

import io.waymark.spi.Backend;
import io.waymark.spi.BackendContext;
import io.waymark.spi.BackendFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "jfr"} backend: every Waymark event type becomes a JDK Flight Recorder event type, committed on the
 * emitting thread while a recording enables it. With no recording running the session's tracepoints stay
 * dormant (the backend answers {@code false} to {@link Backend#wants}); they follow a recording that starts or
 * stops ({@code -XX:StartFlightRecording}, {@code jcmd <pid> JFR.start}, {@code jdk.jfr.Recording}) within a
 * second.
 *
 * <p>Settings:
 * <ul>
 *   <li>{@value #STACK_TRACE_SETTING}: {@code true} records a stack trace with every event by default;
 *       {@code false} (the default) records none. A recording's own settings ({@code <jfr name>#stackTrace})
 *       still override it.</li>
 *   <li>{@value #RECHECK_SETTING}: how often, in milliseconds, the backend re-reads which event types a running
 *       recording enables, to follow settings changed inside a running recording (starting and stopping
 *       recordings is followed at once, without it); {@value #DEFAULT_RECHECK_MILLIS} by default, {@code 0}
 *       turns the re-check off.</li>
 * </ul>
 *
 * <p>This class touches no JFR class: in a runtime image without the {@code jdk.jfr} module, {@link #create}
 * refuses with one message naming the remedy instead of failing with a linkage error.
 */
public final class JfrBackendFactory implements BackendFactory {

    /** The backend's name. */
    public static final String NAME = "jfr";
    /** Whether events carry a stack trace by default. */
    public static final String STACK_TRACE_SETTING = "stackTrace";
    /** Milliseconds between re-checks of a running recording's settings; 0 = never. */
    public static final String RECHECK_SETTING = "recheckMillis";
    /** The re-check interval when {@value #RECHECK_SETTING} is not set. */
    public static final long DEFAULT_RECHECK_MILLIS = 1000;

    /** For {@link java.util.ServiceLoader}, and for {@code SessionConfig.Builder.backend(BackendFactory)}. */
    public JfrBackendFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestedSpiVersion() {
        return BackendFactory.SPI_VERSION;
    }

    @Override
    public Optional<Set<String>> settingNames() {
        return Optional.of(Set.of(STACK_TRACE_SETTING, RECHECK_SETTING));
    }

    /**
     * Creates the session's backend.
     *
     * @throws IllegalArgumentException when a setting is invalid, or when this runtime has no {@code jdk.jfr}
     *     module or cannot record (the message names the remedy)
     */
    @Override
    public Backend create(BackendContext context) {
        String prefix = NAME + " backend of session '" + context.sessionName() + "': ";
        boolean stackTrace = bool(context, prefix, STACK_TRACE_SETTING, false);
        long recheckMillis = recheckMillis(context, prefix);
        // Checked before any JFR class is touched: without the module, loading one would throw a NoClassDefFoundError.
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            throw new IllegalArgumentException(prefix + "this Java runtime has no jdk.jfr module, so it cannot record to "
                    + "JDK Flight Recorder; run on a full JDK or JRE, or add the module to the runtime image "
                    + "(jlink --add-modules jdk.jfr), or choose another backend");
        }
        return io.waymark.backend.jfr.internal.JfrBackend.create(context, prefix, stackTrace, recheckMillis);
    }

    private static boolean bool(BackendContext context, String prefix, String key, boolean defaultValue) {
        String value = context.setting(key, null);
        if (value == null) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(prefix + "setting '" + key + "' is '" + value
                        + "', which is neither true nor false; set it to true or false, or leave it unset for "
                        + defaultValue);
        }
    }

    private static long recheckMillis(BackendContext context, String prefix) {
        String value = context.setting(RECHECK_SETTING, null);
        if (value == null) {
            return DEFAULT_RECHECK_MILLIS;
        }
        long millis;
        try {
            millis = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0) {
            throw new IllegalArgumentException(prefix + "setting '" + RECHECK_SETTING + "' is '" + value
                    + "', which is not a number of milliseconds; set it to 0 (never re-check) or more, or leave it unset for "
                    + DEFAULT_RECHECK_MILLIS);
        }
        return millis;
    }

    @Override
    public String toString() {
        return "JfrBackendFactory[" + NAME + "]";
    }
}
