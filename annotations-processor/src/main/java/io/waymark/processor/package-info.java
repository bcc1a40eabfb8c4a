/**
 * The Waymark annotation processor.
 *
 * <p>Put {@code io.waymark:waymark-annotations-processor} on the compiler's processor path; javac finds
 * {@link io.waymark.processor.TracepointProcessor} through {@code META-INF/services}. For each
 * {@code @TraceProvider} interface it runs a three-stage pipeline, in the manner of Dagger:
 * <ol>
 *   <li><b>model</b>: the declaration is read into immutable records (provider, tracepoints, fields);</li>
 *   <li><b>validation</b>: one validator per rule; every error is collected and reported on the
 *       offending element (type, method or parameter) with what is wrong and how to fix it, so one
 *       build reports all of them;</li>
 *   <li><b>generation</b>: a provider without errors gets its implementation {@code Waymark<Interface>},
 *       written with JavaPoet; the output is deterministic.</li>
 * </ol>
 */
package io.waymark.processor;
