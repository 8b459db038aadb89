package io.clipstream.testing;

import java.util.Locale;

/**
 * A real Milvus-protocol server the harness runs as a child process on loopback: {@link MilvusLite} or the real
 * {@link MilvusStandalone}. Stopping or killing one keeps its address and data, so {@link #start()} brings the same
 * server back, as an outage test needs; {@link #close()} throws everything away.
 */
public sealed interface MilvusServer extends AutoCloseable permits MilvusLite, MilvusStandalone {

    /** System property choosing which server {@link TestInfrastructure} runs: {@code lite} or {@code standalone}. */
    String KIND_PROPERTY = "clipstream.it.milvus";

    /** Which server. */
    enum Kind {
        /** Milvus Lite 3.x ({@code milvus-lite server}): starts in about a second, merges partial upserts. */
        LITE,
        /** Milvus 2.3.5 standalone (PyPI {@code milvus}): the real server, embedded etcd, local storage. */
        STANDALONE;

        /** The kind named by {@value #KIND_PROPERTY}; {@code lite} when unset. */
        public static Kind configured() {
            String value = System.getProperty(KIND_PROPERTY, "lite").trim().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "lite" -> LITE;
                case "standalone" -> STANDALONE;
                default -> throw new IllegalArgumentException(KIND_PROPERTY + " must be lite or standalone, got "
                        + value);
            };
        }

        /** A new server of this kind with an empty data directory. */
        public MilvusServer startNew() {
            return switch (this) {
                case LITE -> MilvusLite.builder().start();
                case STANDALONE -> MilvusStandalone.builder().start();
            };
        }

        /** The server of this kind shared by the test classes of this JVM. */
        public MilvusServer shared() {
            return switch (this) {
                case LITE -> MilvusLite.shared();
                case STANDALONE -> MilvusStandalone.shared();
            };
        }
    }

    Kind kind();

    /** {@code http://127.0.0.1:<port>}, the form the Milvus SDKs take. */
    String uri();

    /** The port clients connect to. */
    int port();

    boolean isRunning();

    /** Starts the server again after {@link #stop()} or {@link #kill()}, on the same address with the same data. */
    MilvusServer start();

    /** Shuts the server down cleanly (bounded wait, then a kill); address and data are kept. */
    void stop();

    /** Kills the server at once, like a crash; address and data are kept. */
    void kill();

    /** The last lines of the server's log, for diagnostics. */
    String logTail(int lines);

    /** Kills the server and deletes its data. */
    @Override
    void close();
}
