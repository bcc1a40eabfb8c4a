package io.waymark.core.internal;

import io.waymark.spi.EventType;
import io.waymark.spi.filter.CheckedFilter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/** Placeholder: replaced by the compiled argument filters (branch s22-filter). */
final class ArgumentFilters {

    private ArgumentFilters() {}

    static MethodHandle compile(CheckedFilter filter, EventType type, MethodType arguments) {
        return null;
    }
}
