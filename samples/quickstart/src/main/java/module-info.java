/** The quickstart sample: an application that declares tracepoints and records them to a CTF trace and in memory. */
module io.waymark.samples.quickstart {
    requires io.waymark.backend.ctf;
    requires io.waymark.backend.memory;

    // Waymark.provider(...) reads the generated INSTANCE field reflectively.
    exports io.waymark.samples.quickstart to io.waymark.api;
}
