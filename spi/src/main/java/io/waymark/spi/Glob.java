package io.waymark.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A glob over names: {@code *} stands for any run of characters (also none), {@code ?} for exactly
 * one character, every other character for itself. Sessions match their rules' provider and event
 * parts with it; tools that select events by name use it too, so that a pattern means the same
 * everywhere.
 *
 * <p><b>Cost.</b> Matching uses no regular expression and no recursion: a two-pointer scan that,
 * on a mismatch, backtracks only to the last {@code *} seen. It takes at most
 * {@code text.length() * pattern.length()} steps (consecutive stars count once) and allocates
 * nothing, so a hostile pattern such as 5000 stars followed by a letter costs one pass over the text,
 * where a regular expression backtracks exponentially. A pattern needing more literal characters than
 * the text has is refused in constant time.
 */
public final class Glob {

    private final String pattern;
    private final char[] compiled;
    private final int literals;

    private Glob(String pattern) {
        this.pattern = pattern;
        char[] collapsed = new char[pattern.length()];
        int length = 0;
        int literals = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && length > 0 && collapsed[length - 1] == '*') {
                continue; // "**" matches what "*" matches
            }
            collapsed[length++] = c;
            if (c != '*') {
                literals++;
            }
        }
        this.compiled = Arrays.copyOf(collapsed, length);
        this.literals = literals;
    }

    /** The glob {@code pattern}; every string is a valid glob. */
    public static Glob of(String pattern) {
        return new Glob(Objects.requireNonNull(pattern, "pattern"));
    }

    /** Whether the whole of {@code text} matches the glob. */
    public boolean matches(CharSequence text) {
        int n = text.length();
        if (literals > n) {
            return false;
        }
        int m = compiled.length;
        int p = 0;
        int t = 0;
        int star = -1; // position of the last '*' in the pattern
        int resume = 0; // where the text resumes when backtracking to that star
        while (t < n) {
            if (p < m && (compiled[p] == '?' || (compiled[p] != '*' && compiled[p] == text.charAt(t)))) {
                p++;
                t++;
            } else if (p < m && compiled[p] == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1; // let the last star swallow one more character
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < m && compiled[p] == '*') {
            p++;
        }
        return p == m;
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && glob.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
