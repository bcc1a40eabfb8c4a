package io.waymark.backend.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waymark.spi.BackendFactory;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor keeps the backend usable in a modular application's tests. Surefire puts every
 * provider of a used service on the module path, with all it requires ({@code static} too); a JUnit
 * module there, while JUnit's launcher stays on the class path, fails every test of the application.
 * The end-to-end check is {@code samples/modular} ({@code .ci/modular-check}).
 */
class ModuleDescriptorTest {

    @Test
    void theBackendProvidesItsFactoryAndRequiresNothingOfJUnit() throws Exception {
        Path classes = Path.of(MemoryBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor = ModuleFinder.of(classes).find("io.waymark.backend.memory").orElseThrow().descriptor();

        assertEquals(List.of(BackendFactory.class.getName()),
                descriptor.provides().stream().map(ModuleDescriptor.Provides::service).toList());
        List<String> junit = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> name.startsWith("org.junit") || name.startsWith("org.opentest4j")).toList();
        assertEquals(List.of(), junit, "io.waymark.backend.memory must not require JUnit; JUnit code belongs in io.waymark.testing");
    }
}
