package io.waymark.backend.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the backend's jar asks of its users: no command-line library (the commands live in waymark-tools). */
class CtfModuleTest {

    @Test
    void theModuleRequiresNoCommandLineLibrary() throws Exception {
        // the backend's own descriptor (the tests run on the class path, where other jars have one too)
        Path classes = Path.of(CtfBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            Set<String> requires = new TreeSet<>();
            module.requires().forEach(r -> requires.add(r.name()));
            // no SLF4J: it reports through BackendContext.reporter(); jdk.unsupported (a JDK module) unmaps stream-file windows
            // on JDK 17 to 21 (MappedWindows)
            assertEquals(Set.of("java.base", "io.waymark.spi", "jdk.unsupported"), requires);
            assertEquals(Set.of(), module.opens(), "nothing is opened for reflection");
        }
    }
}
