package io.clipstream.indexer.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.clipstream.events.ErrorClass;
import io.clipstream.indexer.Rejection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a real HTTP server on loopback, and real files. */
class ImageFetcherTest {

    private static final byte[] IMAGE = "pretend-image-bytes".getBytes();

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private String base;

    @TempDir
    Path root;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 5000);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[5000]);
            }
        });
        server.createContext("/big-chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(new byte[1000]);
                }
            }
        });
        server.createContext("/hang", exchange -> {
            awaitRelease();
            exchange.close();
        });
        server.createContext("/redirect-ok", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/redirect-internal", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://[::1]:" + server.getAddress().getPort() + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void downloadsFromAnAllowedHostAndFollowsRedirects() throws Exception {
        try (ImageFetcher fetcher = fetcher(List.of("127.0.0.1"), 1000, 30_000)) {
            assertThat(fetcher.fetch(base + "/ok").bytes()).isEqualTo(IMAGE);
            assertThat(fetcher.fetch(base + "/redirect-ok").bytes()).isEqualTo(IMAGE);
        }
    }

    @Test
    void internalAddressesAreRefusedBeforeConnecting() throws Exception {
        try (ImageFetcher fetcher = fetcher(List.of(), 1000, 30_000)) {
            rejected(() -> fetcher.fetch(base + "/ok"), ErrorClass.FORBIDDEN_URL, "127.0.0.1");
            rejected(() -> fetcher.fetch("http://localhost:" + server.getAddress().getPort() + "/ok"),
                    ErrorClass.FORBIDDEN_URL, "internal address");
            rejected(() -> fetcher.fetch("http://169.254.169.254/latest/meta-data/"), ErrorClass.FORBIDDEN_URL,
                    "169.254.169.254");
        }
        try (ImageFetcher fetcher = fetcher(List.of("127.0.0.1"), 1000, 30_000)) {
            rejected(() -> fetcher.fetch(base + "/redirect-internal"), ErrorClass.FORBIDDEN_URL, "0:0:0:0:0:0:0:1");
        }
    }

    @Test
    void httpErrorsAndUnreachableHostsAreFetchFailures() throws Exception {
        try (ImageFetcher fetcher = fetcher(List.of("127.0.0.1"), 1000, 30_000)) {
            rejected(() -> fetcher.fetch(base + "/missing"), ErrorClass.FETCH_FAILED, "HTTP 404");
            int closed = io.clipstream.testing.FreePorts.pick();
            rejected(() -> fetcher.fetch("http://127.0.0.1:" + closed + "/x"), ErrorClass.FETCH_FAILED, "cannot fetch");
            rejected(() -> fetcher.fetch("ftp://example.org/a.jpg"), ErrorClass.INVALID_FIELD, "ftp");
        }
    }

    @Test
    void oversizedBodiesAreRefusedWithOrWithoutALength() throws Exception {
        try (ImageFetcher fetcher = fetcher(List.of("127.0.0.1"), 1000, 30_000)) {
            rejected(() -> fetcher.fetch(base + "/big"), ErrorClass.PAYLOAD_TOO_LARGE, "limit is 4096 bytes");
            rejected(() -> fetcher.fetch(base + "/big-chunked"), ErrorClass.PAYLOAD_TOO_LARGE, "limit is 4096");
        }
    }

    @Test
    void silentServersTimeOut() throws Exception {
        try (ImageFetcher fetcher = fetcher(List.of("127.0.0.1"), 300, 30_000)) {
            rejected(() -> fetcher.fetch(base + "/hang"), ErrorClass.FETCH_TIMEOUT, "timed out");
        }
        try (ImageFetcher fetcher = fetcher(List.of("127.0.0.1"), 30_000, 300)) {
            rejected(() -> fetcher.fetch(base + "/hang"), ErrorClass.FETCH_TIMEOUT, "longer than 300 ms");
        }
    }

    @Test
    void fileUrlsAreServedOnlyFromBelowTheRoot(@TempDir Path outside) throws Exception {
        Files.write(root.resolve("cat.jpg"), IMAGE);
        Files.write(outside.resolve("secret.jpg"), IMAGE);
        Files.createSymbolicLink(root.resolve("escape.jpg"), outside.resolve("secret.jpg"));
        Files.write(root.resolve("huge.jpg"), new byte[5000]);
        try (ImageFetcher fetcher = fetcher(List.of(), 1000, 30_000)) {
            assertThat(fetcher.fetch(root.resolve("cat.jpg").toUri().toString()).bytes()).isEqualTo(IMAGE);
            rejected(() -> fetcher.fetch(outside.resolve("secret.jpg").toUri().toString()), ErrorClass.FORBIDDEN_URL,
                    "outside");
            rejected(() -> fetcher.fetch(root.resolve("escape.jpg").toUri().toString()), ErrorClass.FORBIDDEN_URL,
                    "links to");
            rejected(() -> fetcher.fetch(root.resolve("../" + outside.getFileName() + "/secret.jpg").toUri()
                    .toString()), ErrorClass.FORBIDDEN_URL, "outside");
            rejected(() -> fetcher.fetch(root.resolve("absent.jpg").toUri().toString()), ErrorClass.FETCH_FAILED,
                    "does not exist");
            rejected(() -> fetcher.fetch(root.resolve("huge.jpg").toUri().toString()), ErrorClass.PAYLOAD_TOO_LARGE,
                    "5000 bytes");
        }
        try (ImageFetcher noFiles = new ImageFetcher(settings(List.of(), 1000, 30_000, Optional.empty()))) {
            rejected(() -> noFiles.fetch(root.resolve("cat.jpg").toUri().toString()), ErrorClass.FORBIDDEN_URL,
                    "file urls are disabled");
        }
    }

    private ImageFetcher fetcher(List<String> allowed, int readTimeoutMs, int totalTimeoutMs) {
        return new ImageFetcher(settings(allowed, readTimeoutMs, totalTimeoutMs, Optional.of(root)));
    }

    private static FetchSettings settings(List<String> allowed, int readTimeoutMs, int totalTimeoutMs,
                                          Optional<Path> fileRoot) {
        return new FetchSettings(4, 1000, readTimeoutMs, totalTimeoutMs, 3, 4096, allowed, fileRoot, "test");
    }

    private static void rejected(ThrowableAssert.ThrowingCallable call, ErrorClass errorClass, String message) {
        assertThatThrownBy(call).isInstanceOf(Rejection.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((Rejection) e).errorClass()).isEqualTo(errorClass));
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
