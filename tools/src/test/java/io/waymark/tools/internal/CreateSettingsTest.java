package io.waymark.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code waymark create --set} sends: keys trimmed, values as given, as the MXBean and {@code SessionConfig} keep them. */
class CreateSettingsTest {

    @Test
    void valuesAreSentAsGivenAndARelativeDirectoryIsThisShells() throws Exception {
        SessionCommands.Create create = new SessionCommands.Create();
        new CommandLine(create).parseArgs("123", "s", "--set", " label = a b ", "--set", "directory=trace");
        create.check();
        assertEquals(List.of("label= a b ", "directory=" + Path.of("trace").toAbsolutePath().normalize()), create.checked());
    }
}
