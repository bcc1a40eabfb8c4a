/**
 * What marks the members of the {@code spi} that generated tracepoint code links against
 * ({@link io.waymark.spi.abi.GeneratedCodeAbi}): the binary interface between a user's compiled classes
 * and later Waymark jars.
 */
package io.waymark.spi.abi;
