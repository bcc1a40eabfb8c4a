package io.waymark.processor.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;

/**
 * Names the members of a generated class so that none clashes with another, with a member the class
 * inherits from the provider, or with a parameter: generated code refers to its fields by simple name,
 * which a parameter of the same name would shadow. Names are handed out in declaration order, so the
 * result is deterministic.
 */
final class GeneratedNames {

    /** The names of one tracepoint's generated members. */
    record TracepointNames(String probe, String enabled, String begin, String arguments, String emit, String type) {}

    static final String PROBES = "PROBES";
    static final String INSTANCE = "INSTANCE";

    private final Set<String> taken = new HashSet<>();
    private final List<TracepointNames> tracepoints = new ArrayList<>();

    GeneratedNames(ProviderModel provider) {
        taken.add(PROBES);
        taken.add(INSTANCE);
        for (Element member : provider.element().getEnclosedElements()) {
            taken.add(member.getSimpleName().toString());
        }
        for (TracepointModel tracepoint : provider.tracepoints()) {
            tracepoint.fields().forEach(field -> taken.add(field.name()));
            tracepoint.method().getParameters().forEach(parameter -> taken.add(parameter.getSimpleName().toString()));
        }
        for (TracepointModel tracepoint : provider.tracepoints()) {
            String method = tracepoint.methodName();
            String probe = free(upperSnake(method), "_");
            String enabled = free(probe + "_ON", "_");
            String begin = free(probe + "_BEGIN", "_");
            String arguments = free(probe + "_ARGS", "_");
            String capitalized = Character.toUpperCase(method.charAt(0)) + method.substring(1);
            tracepoints.add(new TracepointNames(probe, enabled, begin, arguments, free("emit" + capitalized, ""), free("type" + capitalized, "")));
        }
    }

    /** The names for the provider's {@code index}th tracepoint. */
    TracepointNames of(int index) {
        return tracepoints.get(index);
    }

    /** {@code orderPlaced} gives {@code ORDER_PLACED}, {@code parseHTTPRequest} gives {@code PARSE_HTTP_REQUEST}. */
    static String upperSnake(String camel) {
        StringBuilder snake = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char previous = camel.charAt(i - 1);
                boolean nextIsLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextIsLower)) {
                    snake.append('_');
                }
            }
            snake.append(c);
        }
        return snake.toString().toUpperCase(Locale.ROOT);
    }

    /** {@code wanted}, or when it is taken, {@code wanted + separator + n} for the first free n from 2. */
    private String free(String wanted, String separator) {
        String base = SourceVersion.isName(wanted) ? wanted : "TRACEPOINT"; // upper-casing may leave the identifier set
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + separator + n;
        }
        return name;
    }
}
