/**
 * Internals of the CTF backend. Not exported.
 *
 * <ul>
 *   <li>The event path: {@link io.waymark.backend.ctf.internal.StreamSink} (the backend's {@code RecordSink}: a
 *       record goes to its writer's home stream, or in discard mode to another stream when the home stream refuses it), {@link io.waymark.backend.ctf.internal.Stream} (claim with one
 *       CAS on the stream's head, copy, commit; the memory-ordering table) and its sub-buffers,
 *       {@link io.waymark.backend.ctf.internal.Slot} (commit word, sequence, the window it writes into).</li>
 *   <li>The arguments path: {@link io.waymark.backend.ctf.internal.ArgumentRecords} (the backend's arguments handle),
 *       {@link io.waymark.backend.ctf.internal.InPlaceRecorder} (claim, write in place, commit; one hidden-class copy per
 *       event type, its {@link io.waymark.backend.ctf.internal.InPlaceShape} a constant) and
 *       {@link io.waymark.backend.ctf.internal.StringField} (a String field's size, encoding and remembered
 *       instance).</li>
 *   <li>The session's background thread, {@link io.waymark.backend.ctf.internal.StreamKeeper} (prepares packets
 *       ahead, delivers complete sub-buffers, finalizes packet contexts in sequence order, keeps the state file),
 *       over {@link io.waymark.backend.ctf.internal.MappedWindows} (a stream file mapped in windows, unmapped
 *       deterministically where the JDK allows) and {@link io.waymark.backend.ctf.internal.StateFile} /
 *       {@link io.waymark.backend.ctf.internal.StateLayout} ({@code .waymark/state}, for the recovery).</li>
 *   <li>Checks before anything is created: {@link io.waymark.backend.ctf.internal.DiskCheck} (discard mode: file
 *       system and space) and {@link io.waymark.backend.ctf.internal.HeapCheck} (overwrite mode's ring);
 *       {@link io.waymark.backend.ctf.internal.TraceFiles} (the trace directory and its files, permissions).</li>
 *   <li>The format: {@link io.waymark.backend.ctf.internal.CtfLayout} (packet and event layout),
 *       {@link io.waymark.backend.ctf.internal.MetadataWriter} with {@link io.waymark.backend.ctf.internal.SchemaComment}
 *       and {@link io.waymark.backend.ctf.internal.CtfNames} (TSDL), {@link io.waymark.backend.ctf.internal.EventClasses}
 *       (declared event classes by identity word), {@link io.waymark.backend.ctf.internal.HostName}.</li>
 *   <li>Reading, shared by the reader and the recovery: {@link io.waymark.backend.ctf.internal.TraceSource},
 *       {@link io.waymark.backend.ctf.internal.TraceMetadata}, {@link io.waymark.backend.ctf.internal.PacketWalker},
 *       {@link io.waymark.backend.ctf.internal.Packets} and {@link io.waymark.backend.ctf.internal.RecordScan}
 *       (the whole records of a packet that was never finalized).</li>
 * </ul>
 */
package io.waymark.backend.ctf.internal;
