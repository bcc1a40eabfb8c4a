/**
 * The aggregation language ({@code docs/aggregations.md}): what a session counts, sums or histograms
 * in the process instead of (or besides) recording events. {@link io.waymark.spi.aggregate.Aggregation}
 * parses a specification; {@link io.waymark.spi.aggregate.Aggregation#check} checks it against an
 * event type, reusing the filter language ({@link io.waymark.spi.filter}) for its guard.
 */
package io.waymark.spi.aggregate;
