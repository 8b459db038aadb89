package io.clipstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MilvusLiteTest {

    @Test
    void startsStopsAndComesBackOnTheSamePortWithTheSameData() throws Exception {
        try (MilvusLite milvus = MilvusLite.builder().start()) {
            int port = milvus.port();
            assertThat(milvus.uri()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(acceptsTcp(port)).isTrue();
            // The server takes an exclusive lock in its data directory while it runs.
            assertThat(milvus.dataDir().resolve("LOCK")).isRegularFile();

            milvus.stop();
            assertThat(milvus.isRunning()).isFalse();
            assertThat(FreePorts.isFree(port)).isTrue();
            assertThat(acceptsTcp(port)).isFalse();

            milvus.start();
            assertThat(milvus.port()).isEqualTo(port);
            assertThat(acceptsTcp(port)).isTrue();
            assertThat(milvus.logTail(1)).contains("listening on 127.0.0.1:" + port, milvus.dataDir().toString());

            milvus.kill();
            assertThat(milvus.isRunning()).isFalse();
            milvus.start();
            assertThat(acceptsTcp(port)).isTrue();
        }
    }

    @Test
    void closeKeepsACopyOfTheLogWhereTheBuildAsks(@TempDir Path kept) throws Exception {
        String configured = System.setProperty(ChildServer.KEEP_LOGS_PROPERTY, kept.toString());
        try {
            MilvusLite milvus = MilvusLite.builder().start();
            Path workDir = milvus.dataDir().getParent();
            milvus.close();

            assertThat(workDir).doesNotExist();
            assertThat(kept.resolve(workDir.getFileName() + "-milvus-lite.log")).content()
                    .contains("listening on 127.0.0.1:" + milvus.port());
        } finally {
            if (configured == null) {
                System.clearProperty(ChildServer.KEEP_LOGS_PROPERTY);
            } else {
                System.setProperty(ChildServer.KEEP_LOGS_PROPERTY, configured);
            }
        }
    }

    @Test
    void missingExecutableExplainsHowToInstallIt() {
        String configured = System.setProperty(MilvusLite.EXECUTABLE_PROPERTY, "/nonexistent/milvus-lite");
        try {
            assertThatThrownBy(MilvusLite::locateExecutable)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/milvus-lite")
                    .hasMessageContaining("bash .ci/setup-python.sh");
        } finally {
            if (configured == null) {
                System.clearProperty(MilvusLite.EXECUTABLE_PROPERTY);
            } else {
                System.setProperty(MilvusLite.EXECUTABLE_PROPERTY, configured);
            }
        }
    }

    private static boolean acceptsTcp(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
