package io.waymark.processor.schema;

import java.util.List;

/**
 * One rule of a schema document, the counterpart of the processor's validator of the same rule: a document or
 * lock file is held to what the processor accepts in a declaration, since a tool compares what it says.
 */
interface DocumentValidator {

    /**
     * Every violation of this rule in {@code provider}, in document order, each naming the element by its path
     * in the document (from {@code path}, the provider's) and saying what is wrong; empty when the rule holds.
     */
    List<String> validate(ProviderSchema provider, String path);
}
