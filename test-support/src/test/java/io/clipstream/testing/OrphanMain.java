package io.clipstream.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Child JVM main class for {@link ManagedProcessTest}: starts a long-running process, reports its pid and exits
 * without stopping it, so the test can check that the shutdown hook killed it.
 */
public final class OrphanMain {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ManagedProcess sleeper = ManagedProcess.start(List.of("/bin/sh", "-c", "echo sleeping; exec sleep 300"),
                Map.of(), dir, dir.resolve("sleeper.log"));
        sleeper.waitForLogLine(Pattern.compile("sleeping"), Duration.ofSeconds(10));
        System.out.println("orphan pid " + sleeper.pid());
    }
}
