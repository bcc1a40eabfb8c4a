package io.waymark.core;

import io.waymark.core.internal.CoreComponent;
import io.waymark.core.internal.Diagnostics;
import io.waymark.core.internal.TracingRuntime;
import io.waymark.spi.ProviderDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * The entry point of the tracing runtime: sessions, the registered providers and the available
 * backends. The runtime starts by itself when the first provider loads or when this class is first
 * used, whichever comes first.
 *
 * <h2>Startup configuration</h2>
 * System properties (or the environment variables in brackets) configure a session called
 * {@code startup} that runs from the first moment, with no code:
 * <ul>
 *   <li>{@code waymark.enable} ({@code WAYMARK_ENABLE}): comma-separated rules, e.g.
 *       {@code shop.orders:*,!shop.orders:cacheMiss}, in the rule grammar of {@code docs/rules.md},
 *       enabling rules possibly with a filter ({@code shop.orders:orderPlaced[items > 3]},
 *       {@code docs/filters.md}; commas in a filter do not split the list); unset means no startup
 *       session, an empty value or an empty rule is an error;</li>
 *   <li>{@code waymark.level} ({@code WAYMARK_LEVEL}): minimum level, {@code TRACE} by default;</li>
 *   <li>{@code waymark.stableOnly} ({@code WAYMARK_STABLE_ONLY}): {@code true} for stable events only;</li>
 *   <li>{@code waymark.backend} ({@code WAYMARK_BACKEND}): the backend, needed only when several are on
 *       the class path; it is also the default for sessions that name none;</li>
 *   <li>{@code waymark.setting.KEY} ({@code WAYMARK_SETTING_KEY}, the key in upper case with each
 *       {@code '-'} written {@code '_'}): backend settings of the startup session; a key the backend
 *       does not declare is an error naming the closest one;</li>
 *   <li>{@code waymark.management} ({@code WAYMARK_MANAGEMENT}): what tools outside the application
 *       may do through the MXBean {@link io.waymark.core.management.TracingMXBean}: {@code on}
 *       (default), {@code readonly} or {@code off} (not registered).</li>
 * </ul>
 * Only {@code waymark.*} properties and {@code WAYMARK_*} variables are read; a property wins over its
 * variable, and messages name the one the user set. When it starts, the runtime sets the system
 * property {@code io.waymark.version} and, unless {@code waymark.management=off}, registers its MXBean
 * on a daemon thread; it opens no port.
 * A malformed value, an unknown backend or setting, or a startup session that cannot start is logged
 * as an error naming the key, the value and the remedy, and listed by {@link #configurationErrors()};
 * the application keeps running with tracing dormant. With no backend on the class path one warning
 * line says so. Messages go through SLF4J (logger {@code io.waymark}); when SLF4J has no provider,
 * errors and warnings go to standard error instead, so they are never lost.
 */
public final class Tracing {

    private static volatile TracingRuntime runtime;

    private Tracing() {}

    private static TracingRuntime runtime() {
        TracingRuntime current = runtime;
        if (current == null) {
            synchronized (Tracing.class) {
                current = runtime;
                if (current == null) {
                    CoreComponent component = CoreComponent.create();
                    current = component.runtime();
                    runtime = current;
                    // First: the MXBean's daemon thread builds the platform MBean server while init() runs here.
                    // A failure to start it costs outside control only: never the application's thread nor tracing.
                    try {
                        component.managementAgent().start();
                    } catch (RuntimeException | Error e) {
                        Diagnostics.warn("the management interface (MXBean io.waymark:type=Tracing) did not start; "
                                + "tracing works, but tools cannot steer it: " + e, e);
                    }
                    current.init();
                }
            }
        }
        return current;
    }

    /**
     * Creates a session in state {@link SessionState#CREATED}; {@link Session#start()} starts it.
     *
     * @throws IllegalArgumentException when the name is taken, the named backend does not exist, or a
     *     setting is one the backend does not declare ({@link io.waymark.spi.BackendFactory#settingNames()})
     *     or refuses
     * @throws IllegalStateException when no backend was named and there is not exactly one default
     */
    public static Session createSession(SessionConfig config) {
        return runtime().createSession(config);
    }

    /** The open sessions. */
    public static List<Session> sessions() {
        return runtime().sessions();
    }

    /** The session configured by {@code waymark.enable}, while it is open. */
    public static Optional<Session> startupSession() {
        return runtime().startupSession();
    }

    /** Every provider registered so far, with its event types (the schemas of loaded providers). */
    public static List<ProviderDescriptor> providers() {
        return runtime().providers();
    }

    /** The names of the backends found on the class path, sorted. */
    public static List<String> backendNames() {
        return runtime().backendNames();
    }

    /**
     * Every error reported while the runtime started, one message each: malformed values, a
     * {@code waymark.backend} or {@code waymark.setting.KEY} that names nothing, a startup session that
     * could not start (an invalid setting value, a trace directory that cannot be written); and later,
     * a session's filter that did not fit a provider loaded after the rule was set (that session then
     * receives none of the event's events, docs/filters.md). Empty when the startup configuration is
     * valid and its session, if asked for, runs: what a health check reads.
     */
    public static List<String> configurationErrors() {
        return runtime().configurationErrors();
    }
}
