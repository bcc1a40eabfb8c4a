/**
 * Internals of the CTF backend: the packet layout ({@link io.waymark.backend.ctf.internal.CtfLayout}),
 * TSDL generation, the striped ring buffers ({@link io.waymark.backend.ctf.internal.Stripe}) and the
 * flusher thread ({@link io.waymark.backend.ctf.internal.MpscPacketFlusher}), and the trace parsing
 * shared by the reader and the recovery tool. Not exported.
 */
package io.waymark.backend.ctf.internal;
