package io.waymark.tools.internal;

import io.waymark.backend.ctf.CtfFormatException;
import io.waymark.backend.ctf.CtfTraceReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens the trace directory a command names, turning what can go wrong into one line for the user. */
final class TraceDirectory {

    private TraceDirectory() {}

    static CtfTraceReader open(Path directory) throws InputException {
        if (!Files.isDirectory(directory)) {
            throw new InputException(directory + ": no such directory; name a trace directory (it holds 'metadata' and the "
                    + "stream files)");
        }
        if (!Files.exists(directory.resolve("metadata"))) {
            throw new InputException(directory + " holds no CTF trace (no metadata file); name the directory that holds "
                    + "'metadata' and the stream files");
        }
        try {
            return CtfTraceReader.open(directory);
        } catch (AccessDeniedException e) {
            throw new InputException(directory + ": cannot read " + e.getFile() + ": permission denied", e);
        } catch (NoSuchFileException e) {
            throw new InputException(directory + ": " + e.getFile() + " disappeared while it was read", e);
        } catch (CtfFormatException e) {
            throw new InputException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InputException(directory + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InputException(directory + ": cannot read the trace: " + e, e);
        }
    }
}
