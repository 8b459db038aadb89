package io.clipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MilvusStandaloneTest {

    @TempDir
    Path temp;

    @Test
    void twoServersRunSideBySideOnPrivatePortsAndOneStopsAndComesBackWithItsData() throws Exception {
        try (MilvusStandalone a = MilvusStandalone.builder().start();
             MilvusStandalone b = MilvusStandalone.builder().start()) {
            assertThat(a.uri()).isEqualTo("http://127.0.0.1:" + a.port());
            assertThat(new HashSet<>(a.allPorts())).hasSize(12).doesNotContainAnyElementsOf(b.allPorts());
            assertListenersArePrivate(a);
            assertConfigBindsLoopback(a);
            String collection = "survives_" + ProcessHandle.current().pid();
            try (Sdk sdk = new Sdk(a)) {
                sdk.client.createCollection(CreateCollectionReq.builder().collectionName(collection).dimension(4)
                        .build());
            }
            try (Sdk sdk = new Sdk(b)) {
                assertThat(sdk.has(collection)).as("b is a server of its own").isFalse();
            }

            long pid = a.pid().orElseThrow();
            long stopping = System.nanoTime();
            a.stop();
            Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
            assertThat(ProcessHandle.of(pid)).as("stopped by its pid").isEmpty();
            assertThat(stopped).as("SIGTERM, a bounded wait, SIGKILL").isLessThan(Duration.ofSeconds(25));
            assertThat(a.isRunning()).isFalse();
            assertThat(a.pid()).isEmpty();
            assertThat(FreePorts.isFree(a.port())).isTrue();
            try (Sdk sdk = new Sdk(b)) {
                assertThat(sdk.has(collection)).isFalse();
            }

            a.start();
            try (Sdk sdk = new Sdk(a)) {
                assertThat(sdk.has(collection)).as("the data survives a restart").isTrue();
            }
            a.kill();
            assertThat(a.isRunning()).isFalse();
            a.start();
            try (Sdk sdk = new Sdk(a)) {
                assertThat(sdk.has(collection)).as("and a crash").isTrue();
            }
        }
    }

    @Test
    void aServerThatDiesWhileStartingFailsWithItsLog() throws Exception {
        Path home = temp.resolve("home");
        Files.createDirectories(home.resolve("bin"));
        Path real = MilvusStandalone.locateHome();
        Files.copy(real.resolve("config.yaml.template"), home.resolve("config.yaml.template"));
        Files.copy(real.resolve("glog.conf"), home.resolve("glog.conf"));
        Path fake = home.resolve("bin").resolve("milvus");
        Files.writeString(fake, "#!/bin/sh\necho \"cannot open configs: $MILVUSCONF\"\nexit 3\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();

        assertThatThrownBy(() -> MilvusStandalone.builder().home(home).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("cannot open configs: /")
                .hasMessageContaining("milvus.log");
    }

    @Test
    void aMissingInstallationExplainsHowToInstallIt() {
        String configured = System.setProperty(MilvusStandalone.HOME_PROPERTY, "/nonexistent/milvus-standalone");
        try {
            assertThatThrownBy(MilvusStandalone::locateHome)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/milvus-standalone/bin/milvus")
                    .hasMessageContaining("bash .ci/setup-python.sh");
        } finally {
            if (configured == null) {
                System.clearProperty(MilvusStandalone.HOME_PROPERTY);
            } else {
                System.setProperty(MilvusStandalone.HOME_PROPERTY, configured);
            }
        }
    }

    @Test
    void templatePlaceholdersTakeTheirValueElseTheirDefault() {
        String filled = MilvusStandaloneConfig.fill("""
                a: {{ proxy_port(int): 19530 }}
                b: {{ tls_mode(int): 0 }} # comment
                c: {{ system_log_path }}
                """, Map.of("proxy_port", "4242", "system_log_path", ""));

        assertThat(filled).isEqualTo("a: 4242\nb: 0 # comment\nc: \n");
        assertThatThrownBy(() -> MilvusStandaloneConfig.fill("x: {{ mystery }}", Map.of()))
                .hasMessageContaining("mystery");
    }

    /** Every listener is one of the ports picked for this server; etcd's are on loopback only. */
    private static void assertListenersArePrivate(MilvusStandalone server) throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc to list a process's sockets");
        List<ListeningSockets.Listener> listeners = ListeningSockets.of(server.pid().orElseThrow());
        Set<Integer> ports = new HashSet<>();
        listeners.forEach(l -> ports.add(l.port()));
        assertThat(ports).as("listeners %s", listeners).contains(server.port(), server.metricsPort())
                .isSubsetOf(server.allPorts());
        MilvusStandaloneConfig.Ports picked = server.ports();
        assertThat(listeners).filteredOn(l -> l.port() == picked.etcdClient() || l.port() == picked.etcdPeer())
                .hasSize(2).allMatch(ListeningSockets.Listener::loopbackOnly);
    }

    private static void assertConfigBindsLoopback(MilvusStandalone server) throws Exception {
        JsonNode config = new YAMLMapper().readTree(server.configDir().resolve("milvus.yaml").toFile());
        for (String component : MilvusStandaloneConfig.COMPONENTS) {
            assertThat(config.path(component).path("ip").asText()).as(component).isEqualTo("127.0.0.1");
        }
        assertThat(config.path("proxy").path("port").asInt()).isEqualTo(server.port());
        assertThat(config.path("etcd").path("endpoints").asText()).startsWith("127.0.0.1:");
        Path etcd = Path.of(config.path("etcd").path("config").path("path").asText());
        assertThat(Files.readString(etcd)).contains("listen-client-urls: \"http://127.0.0.1:")
                .doesNotContain("localhost", "0.0.0.0");
        String yaml = Files.readString(server.configDir().resolve("milvus.yaml"));
        assertThat(yaml).doesNotContain("{{")
                .as("no default port of the template is left").doesNotContainPattern("(?m)[: ](19530|19529|53100|"
                        + "19531|21123|22930|21121|13333|21124|2379|2380|9091)\\s*$");
    }

    /** A short-lived SDK client. */
    private static final class Sdk implements AutoCloseable {
        final MilvusClientV2 client;

        Sdk(MilvusServer server) {
            client = new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build());
        }

        boolean has(String collection) {
            return client.hasCollection(HasCollectionReq.builder().collectionName(collection).build());
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
