package io.waymark.processor.internal;

import java.util.List;

/** One rule of a provider declaration. */
interface Validator {

    /**
     * Every violation of this rule in {@code provider}, in declaration order, each on the offending
     * element and saying what is wrong and how to fix it; empty when the rule holds.
     */
    List<Diagnostic> validate(ProviderModel provider);
}
