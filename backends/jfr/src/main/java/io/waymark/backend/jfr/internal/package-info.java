/** The JFR backend's implementation: the generated event classes, the name mapping and the recording listener. */
package io.waymark.backend.jfr.internal;
