package io.waymark.backend.ctf.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The directory and files of one new trace. A trace is only ever written into a directory it created
 * or found empty, never through a symbolic link (neither the directory's last name nor a file in it),
 * and every directory and file it creates gets its permissions at creation ({@code 0700}/{@code 0600}
 * by default, whatever the umask), so no other user can read it at any moment. {@link #deleteCreated()}
 * removes what this object created, and only that: a session whose creation fails leaves nothing.
 *
 * <p>On a file system without POSIX permissions (Windows) files get the directory's default access.
 */
public final class TraceFiles {

    /** The default {@code file-mode}: the owner reads and writes, nobody else has access. */
    public static final int DEFAULT_FILE_MODE = 0600;

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path directory;
    private final Set<PosixFilePermission> directoryPermissions;
    private final Set<PosixFilePermission> filePermissions;
    private final Deque<Path> created = new ArrayDeque<>(); // newest first, for deleting in reverse

    private TraceFiles(Path directory, int fileMode) {
        this.directory = directory;
        this.filePermissions = permissions(fileMode);
        this.directoryPermissions = permissions(directoryMode(fileMode));
    }

    /**
     * Creates {@code directory} (and its missing parents) or checks that it is an empty directory
     * that is not a symbolic link.
     *
     * @param fileMode the permissions of the files, as {@link #parseFileMode} accepts them; directories
     *     get the same plus search ({@code x}) wherever read is granted
     * @throws Refused when the directory holds anything, is a symbolic link or is not a directory
     * @throws IOException when it cannot be created (nothing created is left behind)
     */
    public static TraceFiles open(Path directory, int fileMode) throws IOException {
        TraceFiles files = new TraceFiles(directory, fileMode);
        try {
            files.prepare();
        } catch (IOException | RuntimeException e) {
            files.deleteCreated();
            throw e;
        }
        return files;
    }

    /** The trace directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Creates the file {@code name} in the trace directory for reading and writing (stream files are mapped): it must not exist (a file
     * planted there, a symbolic link above all, is never opened), and it gets the trace's file
     * permissions at creation.
     */
    public FileChannel create(String name) throws IOException {
        Path file = directory.resolve(name);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = POSIX
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(filePermissions))
                : FileChannel.open(file, options);
        synchronized (created) {
            created.push(file);
        }
        try {
            widen(file, filePermissions);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** Deletes the file {@code name} that this object created in the trace directory (an empty stream file). */
    public void delete(String name) throws IOException {
        Path file = directory.resolve(name);
        synchronized (created) {
            if (created.remove(file)) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Deletes every file and directory this object created, newest first, leaving anything else
     * (a directory that someone else filled meanwhile stays). Best effort: never throws.
     */
    public void deleteCreated() {
        synchronized (created) {
            while (!created.isEmpty()) {
                try {
                    Files.deleteIfExists(created.pop());
                } catch (IOException | RuntimeException e) {
                    // not empty or not ours any more: leave it
                }
            }
        }
    }

    private void prepare() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            createDirectories();
            return;
        }
        checkEmptyDirectory(attributes);
    }

    private void createDirectories() throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = directory.toAbsolutePath(); p != null && Files.notExists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                if (POSIX) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(directoryPermissions));
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by someone else: a parent may be shared, the trace directory must be empty
                BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (p.equals(missing.get(missing.size() - 1))) {
                    checkEmptyDirectory(attributes);
                }
                continue;
            }
            synchronized (created) {
                created.push(p);
            }
            widen(p, directoryPermissions);
        }
    }

    private void checkEmptyDirectory(BasicFileAttributes attributes) throws IOException {
        if (attributes.isSymbolicLink()) {
            throw new Refused(directory, "it is a symbolic link (to " + Files.readSymbolicLink(directory)
                    + "), which a trace never follows; name the directory itself");
        }
        if (!attributes.isDirectory()) {
            throw new Refused(directory, "it exists and is not a directory; name a new or empty directory");
        }
        checkOwnedByUs();
        List<String> names = new ArrayList<>();
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (count++ < 5) {
                    names.add(entry.getFileName().toString());
                }
            }
        }
        if (count > 0) {
            throw new Refused(directory, "it is not empty: it holds " + String.join(", ", names)
                    + (count > names.size() ? " and " + (count - names.size()) + " more" : "")
                    + "; a new trace needs a new or empty directory (files left there would be merged into it or make it "
                    + "unreadable), so name another directory or empty this one");
        }
    }

    /**
     * An existing directory must be this user's and not writable by every user: whoever else may write in it could
     * delete, replace or plant stream files, and the trace would lose or gain packets.
     */
    private void checkOwnedByUs() throws IOException {
        if (!POSIX) {
            return;
        }
        UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal us = directory.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!owner.equals(us)) {
            throw new Refused(directory, "it belongs to user '" + owner.getName() + "', who could change the trace behind "
                    + "this process's back; name a directory of user '" + us.getName() + "' or a new one");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new Refused(directory, "every user may write in it (" + PosixFilePermissions.toString(permissions)
                    + "), and could change the trace; name a new directory, or remove their write permission");
        }
    }

    /** Sets the exact permissions where the umask took some away (it can only narrow them): no window, only widening. */
    private static void widen(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (POSIX && !wanted.equals(DEFAULT_FILE_PERMISSIONS) && !wanted.equals(DEFAULT_DIRECTORY_PERMISSIONS)
                && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    private static final Set<PosixFilePermission> DEFAULT_FILE_PERMISSIONS = permissions(DEFAULT_FILE_MODE);
    private static final Set<PosixFilePermission> DEFAULT_DIRECTORY_PERMISSIONS = permissions(directoryMode(DEFAULT_FILE_MODE));

    /**
     * Parses a {@code file-mode} setting: octal permission bits, at least {@code 600} (the owner reads
     * and writes), no execute bits, for example {@code 0640} (group-readable) or {@code 0644}.
     *
     * @return the mode, or -1 when {@code value} is not such a mode
     */
    public static int parseFileMode(String value) {
        String digits = value.trim();
        if (!digits.matches("0?[0-7]{3}")) {
            return -1;
        }
        int mode = Integer.parseInt(digits, 8);
        return (mode & 0600) == 0600 && (mode & 0111) == 0 ? mode : -1;
    }

    /** A file mode's directory mode: search wherever read is granted; the owner always has full access. */
    static int directoryMode(int fileMode) {
        return fileMode | ((fileMode & 0444) >> 2) | 0700;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** The trace directory is refused as it is (not empty, a symbolic link, not a directory); the message says why. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Refused(Path directory, String reason) {
            super(directory.toAbsolutePath() + ": " + reason);
            this.reason = reason;
        }

        /** Why, and the remedy, without the directory's name. */
        public String reason() {
            return reason;
        }
    }
}
