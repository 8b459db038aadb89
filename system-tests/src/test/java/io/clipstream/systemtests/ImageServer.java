package io.clipstream.systemtests;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny web server for images published by URL: the indexer downloads them from here, and the browser shows
 * them from here too, since the UI displays http(s) images straight from their own URL.
 */
final class ImageServer implements AutoCloseable {

    private final Map<String, byte[]> images = new ConcurrentHashMap<>();
    private final HttpServer server;

    ImageServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/images/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/images/".length());
            byte[] body = images.get(name);
            try (OutputStream out = exchange.getResponseBody()) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.start();
    }

    /** Serves {@code jpeg} and returns its URL. */
    String serve(String name, byte[] jpeg) {
        images.put(name, jpeg);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/images/" + name;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
