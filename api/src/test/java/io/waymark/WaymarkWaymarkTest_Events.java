package io.waymark;

/** A hand-written stand-in with the shape the processor generates, for {@link WaymarkTest}. */
final class WaymarkWaymarkTest_Events implements WaymarkTest.Events {
    static final WaymarkWaymarkTest_Events INSTANCE = new WaymarkWaymarkTest_Events();

    @Override
    public void ping() {}
}
