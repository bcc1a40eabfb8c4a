package io.waymark.jfrtest;

import io.waymark.IsEnabled;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;
import io.waymark.Unstable;
import io.waymark.View;

/** The JFR backend's fixture: a provider name JFR does not accept as it is, every field type, and JFR's own field names. */
@TraceProvider("jfrtest.every-type")
@Stable
public interface EveryTypeEvents {

    /** An enum field type. */
    enum Color { RED, GREEN, BLUE }

    /**
     * One field of every type, for {@code jfr print} and JMC.
     *
     * @param flag a boolean
     */
    @Tracepoint(id = 1, label = "Every Field Type", version = 2)
    void everyType(boolean flag, byte tiny, short small, char letter, int number, long big, float ratio, double precise,
            String text, Color color, byte[] payload);

    /** Fields named as JFR's own. */
    @Tracepoint(id = 2)
    @Unstable
    void jfrNames(long startTime, long duration, String eventThread, String stackTrace, int startTime_);

    @Tracepoint(id = 3)
    void orderPlaced(long orderId, int quantity, String sku);

    /** {@link #everyType}'s fields as a view: an event the runtime can only encode (its fields are accessor calls). */
    interface EveryView {
        boolean flag(); byte tiny(); short small(); char letter(); int number(); long big(); float ratio(); double precise();
        String text(); Color color(); byte[] payload();
    }

    /** An application object with {@link EveryView}'s accessors. */
    record Values(boolean flag, byte tiny, short small, char letter, int number, long big, float ratio, double precise,
            String text, Color color, byte[] payload) {}

    /** {@link #everyType} through a view: the JFR backend receives it through {@code onEvent}. */
    @Tracepoint(id = 4)
    void everyTypeViewed(@View(EveryView.class) Values values);

    @IsEnabled("everyType")
    boolean everyTypeEnabled();

    @IsEnabled("orderPlaced")
    boolean orderPlacedEnabled();
}
