package io.clipstream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The two Hugging Face Hub endpoints a model fetch uses, on loopback, serving a local folder as repository
 * {@code repo} at {@code revision}: the recursive tree (ONNX files listed as LFS with their SHA-256, the rest with
 * their git blob id, as the hub does) and {@code resolve} with byte ranges.
 */
public final class FakeHub implements AutoCloseable {

    private final StubServer server = new StubServer();
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Set<String> breakOff = ConcurrentHashMap.newKeySet();
    private final Set<String> stall = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);

    public FakeHub(String repo, String revision, Path folder) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode tree = json.createArrayNode();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode dir = tree.addObject();
        dir.put("type", "directory").put("oid", "0".repeat(40)).put("size", 0).put("path", "onnx");
        for (Path file : files) {
            String path = folder.relativize(file).toString().replace('\\', '/');
            byte[] bytes = read(file);
            served.put(path, bytes);
            ObjectNode entry = tree.addObject();
            entry.put("type", "file").put("size", bytes.length).put("path", path);
            if (path.endsWith(".onnx")) {
                entry.put("oid", hex("SHA-1", ("lfs pointer " + path).getBytes(StandardCharsets.UTF_8)));
                entry.putObject("lfs").put("oid", hex("SHA-256", bytes)).put("size", bytes.length)
                        .put("pointerSize", 134);
            } else {
                byte[] header = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII);
                byte[] blob = new byte[header.length + bytes.length];
                System.arraycopy(header, 0, blob, 0, header.length);
                System.arraycopy(bytes, 0, blob, header.length, bytes.length);
                entry.put("oid", hex("SHA-1", blob));
            }
        }
        server.json("GET", "/api/models/" + repo + "/tree/" + revision, 200, tree.toString());
        served.keySet().forEach(path -> server.on("GET", "/" + repo + "/resolve/" + revision + "/" + path,
                (exchange, request) -> {
                    byte[] bytes = served.get(path);
                    String range = request.header("Range");
                    int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
                    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(range == null ? 200 : 206, bytes.length - from);
                    if (breakOff.remove(path)) {
                        // Half of what was announced, then the connection drops: the client sees a short body.
                        exchange.getResponseBody().write(bytes, from, (bytes.length - from) / 2);
                        exchange.getResponseBody().flush();
                        throw new IOException("fake hub: broke off " + path + " on purpose");
                    }
                    if (stall.remove(path)) {
                        // Half of it, then silence with the connection open, until the hub is closed.
                        exchange.getResponseBody().write(bytes, from, (bytes.length - from) / 2);
                        exchange.getResponseBody().flush();
                        try {
                            closing.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IOException("fake hub: closed while stalling " + path);
                    }
                    exchange.getResponseBody().write(bytes, from, bytes.length - from);
                }));
    }

    /** From now on {@code path} is served with one byte changed; the listing still names the true checksum. */
    public void corrupt(String path) {
        byte[] bytes = served.get(path).clone();
        bytes[bytes.length / 2] ^= 0x5A;
        served.put(path, bytes);
    }

    /** The next download of {@code path} stops after half of its bytes, as a dropped connection would. */
    public void breakOff(String path) {
        breakOff.add(path);
    }

    /** The next download of {@code path} sends half of its bytes, then nothing more while the hub is open. */
    public void stall(String path) {
        stall.add(path);
    }

    public String url() {
        return server.url();
    }

    public List<StubServer.Request> requests() {
        return server.requests();
    }

    @Override
    public void close() {
        closing.countDown();
        server.close();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
