package io.waymark.typetest;

import io.waymark.IsEnabled;
import io.waymark.Stable;
import io.waymark.TraceProvider;
import io.waymark.Tracepoint;

/**
 * One parameter of every field type, in {@code io.waymark.spi.FieldType} order: the fixture of
 * {@code io.waymark.testing.FieldTypeCoverageTest}. A new field type gets a parameter here.
 */
@TraceProvider("typetest.every")
@Stable
public interface EveryFieldType {

    /** An enum field. */
    enum Color { RED, GREEN, BLUE }

    @Tracepoint(id = 1)
    void everyType(boolean flag, byte tiny, short small, char letter, int number, long big, float ratio, double precise,
            String text, Color color, byte[] payload);

    /** Lets the JFR round trip wait for its recording. */
    @IsEnabled("everyType")
    boolean everyTypeEnabled();
}
