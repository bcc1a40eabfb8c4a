/**
 * Waymark's CTF backend ({@code "ctf"}): sessions record CTF 1.8 traces that babeltrace2 reads, a
 * flight-recorder mode, crash recovery ({@link io.waymark.backend.ctf.CtfRecover}) and a Java reader
 * ({@link io.waymark.backend.ctf.CtfTraceReader}).
 */
module io.waymark.backend.ctf {
    requires transitive io.waymark.spi;
    requires org.jctools.core;
    requires org.slf4j;
    requires info.picocli;

    opens io.waymark.backend.ctf to info.picocli;

    exports io.waymark.backend.ctf;

    provides io.waymark.spi.BackendFactory with io.waymark.backend.ctf.CtfBackendFactory;
}
