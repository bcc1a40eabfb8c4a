package io.waymark.tools.internal;

import java.util.regex.Pattern;

/**
 * An event pattern as the runtime's session rules take it: {@code provider} or {@code provider:event}, with the
 * globs {@code *} and {@code ?}. The tools check it before attaching so a typo never reaches the target.
 */
final class EventPattern {

    private static final String GLOB_CHARS = "A-Za-z0-9_.\\-*?";
    private static final Pattern WELL_FORMED = Pattern.compile("[" + GLOB_CHARS + "]+(:[" + GLOB_CHARS + "]+)?");

    private final Pattern provider;
    private final Pattern event;

    private EventPattern(Pattern provider, Pattern event) {
        this.provider = provider;
        this.event = event;
    }

    /** Parses {@code text}, or names it and the expected form. */
    static EventPattern parse(String text) throws CommandException {
        String trimmed = text == null ? "" : text.trim();
        if (!WELL_FORMED.matcher(trimmed).matches()) {
            throw new CommandException("malformed event pattern '" + text + "': expected provider or provider:event, made of "
                    + "letters, digits, '_', '.', '-' and the globs '*' and '?' (for example 'shop.checkout:*' or "
                    + "'shop.*:order?laced'); quote it in the shell");
        }
        int colon = trimmed.indexOf(':');
        return new EventPattern(glob(colon < 0 ? trimmed : trimmed.substring(0, colon)), glob(colon < 0 ? "*" : trimmed.substring(colon + 1)));
    }

    boolean matches(String providerName, String eventName) {
        return provider.matcher(providerName).matches() && event.matcher(eventName).matches();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
