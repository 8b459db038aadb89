package io.clipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

class FreePortsAndRepoPathsTest {

    @Test
    void picksDistinctBindablePorts() throws Exception {
        List<Integer> ports = FreePorts.pick(3);

        assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(FreePorts.isFree(port)).isTrue());
        try (ServerSocket taken = new ServerSocket(ports.get(0), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(FreePorts.isFree(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void findsTheRepositoryRoot() {
        assertThat(RepoPaths.root().resolve("mvnw")).isRegularFile();
        assertThat(RepoPaths.root().resolve(".mvn")).isDirectory();
        assertThat(RepoPaths.resolve("test-support/pom.xml")).isRegularFile();
        assertThat(RepoPaths.tinyModels()).isEqualTo(RepoPaths.root().resolve("models/tiny"));
    }

    @Test
    void walksUpToTheRootWhenThePropertyIsNotSet() {
        String configured = System.clearProperty(RepoPaths.ROOT_PROPERTY);
        try {
            // Surefire runs tests in the module directory, one level below the root.
            assertThat(Files.isRegularFile(RepoPaths.root().resolve("test-support/pom.xml"))).isTrue();
        } finally {
            if (configured != null) {
                System.setProperty(RepoPaths.ROOT_PROPERTY, configured);
            }
        }
    }
}
