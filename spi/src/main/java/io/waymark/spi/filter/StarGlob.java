package io.waymark.spi.filter;

import java.util.ArrayList;
import io.waymark.spi.filter.Expr.StringLiteral;
import java.util.List;

/**
 * A string pattern of a filter: literal segments separated by {@code *}, each star any run of
 * characters (escaped stars are already literal characters of the segments). Matching never
 * backtracks: the first segment must start the text, the last must end it, and each middle segment
 * is found at its leftmost place after the previous one (which is always a right choice when only
 * {@code *} is a wildcard), by a Knuth-Morris-Pratt scan. So a match reads each character of the text
 * a bounded number of times: linear in the text's length plus the pattern's, whatever the pattern.
 * Matching allocates nothing. Immutable and safe to share between threads.
 *
 * <p>Public for the runtime, which evaluates filters on a tracepoint's arguments with the same
 * matcher as on encoded events ({@link StringLiteral#segments()} gives the segments).
 */
public final class StarGlob {

    private final String first;
    private final String last;
    private final String[] middle;
    private final int[][] failure;
    private final int minimumLength;
    private final boolean exact;

    /**
     * A matcher of the pattern whose segments, the text between its unescaped stars, are {@code segments}.
     *
     * @param segments at least one; one segment is an exact string
     */
    public StarGlob(List<String> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a glob has at least one segment");
        }
        this.exact = segments.size() == 1;
        this.first = segments.get(0);
        this.last = exact ? "" : segments.get(segments.size() - 1);
        List<String> inner = new ArrayList<>();
        for (int i = 1; i < segments.size() - 1; i++) {
            if (!segments.get(i).isEmpty()) { // "**" matches what "*" matches
                inner.add(segments.get(i));
            }
        }
        this.middle = inner.toArray(new String[0]);
        this.failure = new int[middle.length][];
        int length = first.length() + last.length();
        for (int i = 0; i < middle.length; i++) {
            failure[i] = failure(middle[i]);
            length += middle[i].length();
        }
        this.minimumLength = length;
    }

    /** Whether {@code text} (not null) matches the whole pattern. */
    public boolean matches(String text) {
        if (exact) {
            return text.equals(first);
        }
        if (text.length() < minimumLength || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        int from = first.length();
        int end = text.length() - last.length();
        for (int i = 0; i < middle.length; i++) {
            int found = indexOf(text, from, end, middle[i], failure[i]);
            if (found < 0) {
                return false;
            }
            from = found + middle[i].length();
        }
        return true;
    }

    /** The Knuth-Morris-Pratt failure function of {@code pattern}. */
    private static int[] failure(String pattern) {
        int[] f = new int[pattern.length()];
        int k = 0;
        for (int i = 1; i < pattern.length(); i++) {
            while (k > 0 && pattern.charAt(i) != pattern.charAt(k)) {
                k = f[k - 1];
            }
            if (pattern.charAt(i) == pattern.charAt(k)) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }

    /** The first index in {@code [from, end)} where {@code pattern} occurs whole inside that range, or -1. */
    private static int indexOf(String text, int from, int end, String pattern, int[] f) {
        int k = 0;
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            while (k > 0 && c != pattern.charAt(k)) {
                k = f[k - 1];
            }
            if (c == pattern.charAt(k)) {
                k++;
            }
            if (k == pattern.length()) {
                return i - k + 1;
            }
        }
        return -1;
    }
}
