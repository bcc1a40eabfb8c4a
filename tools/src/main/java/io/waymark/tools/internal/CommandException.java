package io.waymark.tools.internal;

import io.waymark.spi.EventPattern;

/**
 * A command cannot do what it was asked: an unknown pid, a JVM without Waymark or with outside control refused,
 * an argument the target rejects. The message is one line naming the problem and the remedy; commands print
 * it and exit with {@link io.waymark.tools.WaymarkCli#EXIT_USAGE}.
 */
final class CommandException extends Exception {

    private static final long serialVersionUID = 1L;

    CommandException(String message) {
        super(message);
    }

    CommandException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Parses a bare event pattern (no {@code '!'}: enable and disable say which) as the runtime does
     * ({@link EventPattern#pattern}), checked before attaching so a typo never reaches the target.
     */
    static EventPattern eventPattern(String text) throws CommandException {
        try {
            return EventPattern.pattern(text);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage() + "; quote it in the shell", e);
        }
    }
}
