package io.waymark.tools.internal;

/**
 * An input the user named cannot be used: missing, unreadable, without schemas or malformed. The message
 * names the file (and the entry inside a jar) and the problem; commands print it and exit with
 * {@link io.waymark.tools.WaymarkCli#EXIT_USAGE}.
 */
final class InputException extends Exception {

    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }

    InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
