package io.waymark.backend.ctf;

import java.util.Locale;

/** What a session's CTF backend does when its buffers are full. */
public enum CtfMode {
    /**
     * Packets stream to the trace directory; when every sub-buffer of a stream is waiting to be
     * written, new events are discarded and counted ({@code events_discarded}). Never blocks.
     */
    DISCARD,
    /**
     * Flight recorder: nothing is written while recording; each stream keeps its most recent packets
     * in a memory ring, overwriting the oldest, and {@link CtfBackend#snapshot(java.nio.file.Path)}
     * writes them as a trace.
     */
    OVERWRITE;

    /** The setting's spelling: {@code discard} or {@code overwrite}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
