package io.waymark.core.internal;

import io.waymark.spi.BackendFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.lang3.StringUtils;

/**
 * Checks a session's settings against the names its backend declares
 * ({@link BackendFactory#settingNames()}), once for every backend, so that a misspelt setting is an
 * error naming the closest declared one rather than a value silently ignored.
 */
public final class SettingNames {

    private SettingNames() {}

    /**
     * A setting the backend does not declare.
     *
     * @param name the setting as given
     * @param closest the declared name within a few edits of it, if there is one
     */
    public record Unknown(String name, Optional<String> closest) {}

    /** The settings among {@code names} that {@code factory} does not declare, sorted; none when it declares nothing. */
    public static List<Unknown> unknown(BackendFactory factory, Collection<String> names) {
        Optional<Set<String>> declared = factory.settingNames();
        if (declared == null || declared.isEmpty()) { // null: a backend's mistake, read as declaring nothing
            return List.of();
        }
        List<Unknown> unknown = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (!declared.get().contains(name)) {
                unknown.add(new Unknown(name, closest(name, declared.get())));
            }
        }
        return unknown;
    }

    /** The declared names as messages list them: {@code its settings are [directory, mode]}, or {@code it takes no settings}. */
    public static String declared(BackendFactory factory) {
        Optional<Set<String>> declared = factory.settingNames();
        Set<String> names = new TreeSet<>(declared == null ? Set.of() : declared.orElse(Set.of()));
        return names.isEmpty() ? "it takes no settings" : "its settings are " + names;
    }

    /**
     * The declared name with the smallest edit distance to {@code name}, when that distance is small
     * enough to be a typing mistake (at most 2, or a third of the name) rather than another word.
     */
    static Optional<String> closest(String name, Set<String> declared) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(declared)) { // sorted: ties go to the first alphabetically
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    // Commons Lang's Levenshtein distance: deprecated in favour of Commons Text, a dependency core does not have.
    @SuppressWarnings("deprecation")
    private static int distance(String a, String b) {
        return StringUtils.getLevenshteinDistance(a, b);
    }
}
