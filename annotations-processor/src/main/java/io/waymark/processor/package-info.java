/**
 * The Waymark annotation processor, {@link io.waymark.processor.TracepointProcessor}.
 *
 * <p>Put {@code io.waymark:waymark-annotations-processor} on the compiler's processor path. For each
 * {@code @TraceProvider} interface the processor runs a three-stage pipeline, in the manner of Dagger:
 * <ol>
 *   <li><b>model</b>: the declaration is read into immutable records (provider, tracepoints, fields,
 *       enabled checks), right or wrong;</li>
 *   <li><b>validation</b>: one validator per rule; every error is collected and reported on the offending
 *       type, method or parameter with what is wrong and how to fix it, so one build reports all of them;</li>
 *   <li><b>generation</b>: a provider without errors gets its implementation {@code Waymark<Interface>},
 *       written with JavaPoet; the same input always gives the same output. A provider with errors gets
 *       nothing, while the others in the build still do.</li>
 * </ol>
 * Between validation and generation, the provider's schema ({@code io.waymark.processor.schema}) is built and,
 * when {@code -Awaymark.baseline} names a lock file, checked against it (rules WM101 to WM119 but WM117); a
 * valid provider also gets its schema document {@code META-INF/waymark/<provider>.schema.json}. See
 * {@code docs/versioning.md}.
 */
package io.waymark.processor;
