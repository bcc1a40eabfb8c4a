/**
 * Waymark's CTF backend ({@code "ctf"}): sessions record CTF 1.8 traces that babeltrace2 reads, a
 * flight-recorder mode, crash recovery ({@link io.waymark.backend.ctf.CtfRecovery}) and a Java reader
 * ({@link io.waymark.backend.ctf.CtfTraceReader}).
 */
@SuppressWarnings("module") // io.waymark.tools is built after this module
module io.waymark.backend.ctf {
    requires transitive io.waymark.spi;
    // MappedWindows unmaps stream-file windows with sun.misc.Unsafe.invokeCleaner on JDK 17 to 21 (reflectively);
    // static: a runtime without the module (jlink) still loads the backend, and the collector unmaps then
    requires static jdk.unsupported;

    exports io.waymark.backend.ctf;
    // waymark print shows fields by the names babeltrace2 shows (CtfNames)
    exports io.waymark.backend.ctf.internal to io.waymark.tools;

    provides io.waymark.spi.BackendFactory with io.waymark.backend.ctf.CtfBackendFactory;
}
