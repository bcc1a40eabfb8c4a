package io.waymark.backend.ctf.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a discard-mode trace's directory can hold memory-mapped stream files, checked before anything is
 * created: its file system is not copy-on-write, and it has room for the first sub-buffers of every stream.
 *
 * <p>Why copy-on-write file systems are refused: a page of a shared mapping that was written back may need a
 * <em>new</em> block when it is dirtied again, so a full btrfs, zfs, bcachefs or nilfs2 (log-structured) can fail a store through the
 * mapping whatever was allocated before (SIGBUS, which the JVM raises as an asynchronous {@link InternalError}
 * in the writing application thread). Elsewhere blocks allocated by writing zeros stay allocated.
 */
public final class DiskCheck {

    /** File system types whose blocks move on every write (as {@link FileStore#type()} names them on Linux). */
    // nilfs2 is log-structured: every write-back of a dirtied page takes new blocks. f2fs is log-structured too but
    // reserves a block only for a hole (f2fs_reserve_block from page_mkwrite); overwriting an allocated one needs
    // no new space (its over-provisioned segments absorb the relocation): not listed
    public static final Set<String> COPY_ON_WRITE = Set.of("btrfs", "zfs", "bcachefs", "nilfs2");

    private DiskCheck() {}

    /** Empty unless {@code type} (a {@link FileStore#type()}) is copy-on-write: then why {@code where} is refused, and the remedy. */
    public static Optional<String> copyOnWrite(Path where, String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (!COPY_ON_WRITE.contains(t)) {
            return Optional.empty();
        }
        return Optional.of(where + " is on a " + t + " file system, which is copy-on-write: when it is full, a"
                + " store into a memory-mapped stream file can fail in the application's thread (SIGBUS), whatever was"
                + " allocated before; name a directory on another file system (ext4, xfs, tmpfs)"
                + (t.equals("btrfs") ? ", or a directory made with 'chattr +C' (no copy-on-write) and set "
                        + "'filesystem-check' to 'off'" : ", or set 'filesystem-check' to 'off' at your own risk"));
    }

    /**
     * Empty when {@code directory} (or, when it does not exist yet, its nearest existing parent) is on a file
     * system that may hold the trace and has {@code bytes} usable; otherwise what is wrong. {@code copyOnWriteCheck}
     * false lets copy-on-write file systems through.
     */
    public static Optional<String> problem(Path directory, long bytes, boolean copyOnWriteCheck) {
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty(); // nothing to look at: creating the directory reports the problem
        }
        FileStore store;
        try {
            store = Files.getFileStore(existing);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a symbolic link, a directory of another user: the trace files report it
        }
        if (copyOnWriteCheck) {
            Optional<String> copyOnWrite = copyOnWrite(existing, store.type());
            if (copyOnWrite.isPresent()) {
                return copyOnWrite;
            }
        }
        try {
            long usable = store.getUsableSpace();
            if (bytes > usable) {
                return Optional.of("the stream files need " + HeapCheck.mib(bytes) + " of disk for their sub-buffers in flight,"
                        + " but the file system of " + existing + " has " + HeapCheck.mib(usable) + " usable");
            }
        } catch (IOException | RuntimeException e) {
            // unknown: allocation reports a full disk as it happens
        }
        return Optional.empty();
    }
}
