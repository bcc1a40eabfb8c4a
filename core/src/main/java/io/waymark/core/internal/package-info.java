/** Runtime internals: not exported, no compatibility promise. */
package io.waymark.core.internal;
