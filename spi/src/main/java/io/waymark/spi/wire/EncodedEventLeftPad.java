package io.waymark.spi.wire;

/**
 * 68 bytes in front of an {@link EncodedEvent}'s fields: a writer's fields, written at every event by
 * one thread, then share no cache line with the object before it in memory. The int fills the gap
 * after the object header, which the JVM would otherwise fill with a subclass's field.
 */
abstract class EncodedEventLeftPad {
    int p0;
    long p00, p01, p02, p03, p04, p05, p06, p07;
}
