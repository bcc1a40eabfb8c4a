package io.waymark.tools.internal;

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
}
