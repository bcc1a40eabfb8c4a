package io.waymark.processor.schema;

import java.util.Objects;

/**
 * A removed stable event whose id and name stay reserved, as {@code @Retired} declares it.
 *
 * @param id the id it had
 * @param name the name it had
 * @param reason why it was retired (may be empty)
 */
public record RetiredEvent(int id, String name, String reason) {

    public RetiredEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
