/** Processor internals: the model, the validators and the generator. Not exported. */
package io.waymark.processor.internal;
