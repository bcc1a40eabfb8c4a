package io.waymark.backend.ctf;

import io.waymark.Waymark;
import io.waymark.core.Tracing;
import io.waymark.ctftest.ShopEvents;

/**
 * The child JVM of {@link CtfStartupTest}: an application configured only by system properties. Emits
 * one event, then prints the startup session's state and {@link Tracing#configurationErrors()}.
 */
public final class StartupMain {

    private StartupMain() {}

    public static void main(String[] args) {
        Waymark.provider(ShopEvents.class).orderPlaced(42, 3, "SKU-1");
        System.out.println("startup=" + (Tracing.startupSession().isPresent() ? "running" : "none"));
        System.out.println("errors=" + Tracing.configurationErrors());
    }
}
