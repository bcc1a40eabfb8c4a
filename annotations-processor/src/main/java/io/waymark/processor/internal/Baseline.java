package io.waymark.processor.internal;

import io.waymark.processor.schema.ProviderSchema;
import io.waymark.processor.schema.SchemaChange;
import io.waymark.processor.schema.SchemaJson;
import io.waymark.processor.schema.SchemaSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic.Kind;

/**
 * The baseline lock file named by {@code -Awaymark.baseline=<path>}: the schemas the current
 * declarations are checked against, or, with {@code -Awaymark.baseline.update=true}, the file the
 * compilation writes. A relative path is resolved against the compiler's working directory. With
 * {@code -Awaymark.baseline.required=true} a missing lock file is an error rather than a note, for CI.
 */
public final class Baseline {

    /** The option naming the lock file. */
    public static final String OPTION = "waymark.baseline";
    /** The option that rewrites the lock file instead of checking against it. */
    public static final String UPDATE_OPTION = "waymark.baseline.update";
    /** The option that makes a missing lock file an error: a mistyped path must not silently check nothing. */
    public static final String REQUIRED_OPTION = "waymark.baseline.required";
    /** Every option of the processor. */
    public static final Set<String> OPTIONS = Set.of(OPTION, UPDATE_OPTION, REQUIRED_OPTION);

    private final Path path;
    private final boolean update;
    private final SchemaSet schemas;
    private final boolean check;
    /** The breaking changes this update accepts into the lock file, each already warned about. */
    private int accepted;

    private Baseline(Path path, boolean update, SchemaSet schemas, boolean check) {
        this.path = path;
        this.update = update;
        this.schemas = schemas;
        this.check = check;
    }

    /** Reads the lock file the options name, reporting a missing or unreadable one. */
    public static Baseline load(Map<String, String> options, Messager messager) {
        String option = options.get(OPTION);
        boolean update = Boolean.parseBoolean(options.get(UPDATE_OPTION));
        boolean required = Boolean.parseBoolean(options.get(REQUIRED_OPTION));
        if (option == null || option.isBlank()) {
            if (required) {
                messager.printMessage(Kind.ERROR, "-A" + REQUIRED_OPTION + "=true needs -A" + OPTION
                        + "=<path of the lock file>, which is not set, so the versioning rules cannot be checked");
            } else if (update) {
                messager.printMessage(Kind.WARNING, "-A" + UPDATE_OPTION + "=true has no effect without -A" + OPTION
                        + "=<path of the lock file>");
            }
            return new Baseline(null, false, SchemaSet.EMPTY, false);
        }
        Path path = Paths.get(option).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            if (required && !update) {
                messager.printMessage(Kind.ERROR, "Waymark baseline " + path + " does not exist, and -A" + REQUIRED_OPTION
                        + "=true requires it so that the versioning rules are checked; correct the path of -A" + OPTION
                        + ", or create the file by compiling once with -A" + UPDATE_OPTION + "=true and commit it"
                        + " (see docs/versioning.md)");
            } else if (!update) {
                messager.printMessage(Kind.NOTE, "Waymark baseline " + path + " does not exist, so the versioning rules"
                        + " are not checked; create it by compiling once with -A" + UPDATE_OPTION + "=true and commit it"
                        + " (see docs/versioning.md)");
            }
            return new Baseline(path, update, SchemaSet.EMPTY, false);
        }
        try {
            SchemaSet schemas = SchemaJson.readSet(Files.readString(path, StandardCharsets.UTF_8));
            return new Baseline(path, update, schemas, !update);
        } catch (IOException | IllegalArgumentException e) {
            if (update) {
                messager.printMessage(Kind.NOTE, "Waymark baseline " + path + " is unreadable (" + e.getMessage()
                        + "); it will be rewritten");
            } else {
                messager.printMessage(Kind.ERROR, "Waymark baseline " + path + " is unreadable: " + e.getMessage()
                        + "; restore it from version control, or recreate it with -A" + UPDATE_OPTION + "=true");
            }
            return new Baseline(path, update, SchemaSet.EMPTY, false);
        }
    }

    /**
     * The provider's schema in the lock file, or {@code null}: where appended fields get their
     * {@code since}, in update mode too.
     */
    public ProviderSchema known(String providerName) {
        return schemas.provider(providerName);
    }

    /** The lock file's providers to check against: empty when nothing is checked (no file, or update mode). */
    public SchemaSet checked() {
        return check ? schemas : SchemaSet.EMPTY;
    }

    /**
     * In update mode, the lock file's providers, whose entries the update replaces: their breaking changes are
     * accepted, and each must be listed so that an update is never silent. Otherwise empty.
     */
    public SchemaSet replacedBy() {
        return update && path != null ? schemas : SchemaSet.EMPTY;
    }

    /** The warning for a breaking change that this update accepts into the lock file; counts it for the final note. */
    public String accepting(SchemaChange change) {
        accepted++;
        return "[" + change.ruleId() + "] " + change.message() + "; -A" + UPDATE_OPTION + "=true accepts this breaking"
                + " change into the Waymark baseline " + path + ", so readers of the old schema break (see"
                + " docs/versioning.md)";
    }

    /**
     * In update mode, writes the lock file: the providers compiled now replace their entries, and the others
     * are kept (an incremental build may compile only some providers; remove a deleted provider's entry by hand).
     */
    public void writeIfUpdating(Collection<ProviderSchema> compiled, Messager messager) {
        if (!update || path == null) {
            return;
        }
        SchemaSet result = schemas;
        for (ProviderSchema provider : compiled) {
            result = result.with(provider);
        }
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, SchemaJson.write(result), StandardCharsets.UTF_8);
            messager.printMessage(Kind.NOTE, "Waymark baseline " + path + " written with " + result.providers().size()
                    + " provider(s)" + (accepted == 0 ? "" : ", accepting the " + accepted
                    + " breaking change(s) warned about above") + "; commit it");
        } catch (IOException e) {
            messager.printMessage(Kind.ERROR, "could not write the Waymark baseline " + path + ": " + e);
        }
    }
}
