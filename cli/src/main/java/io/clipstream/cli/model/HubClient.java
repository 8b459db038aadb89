package io.clipstream.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.cli.CliFailure;
import io.clipstream.cli.http.JsonHttp;
import io.clipstream.cli.http.Service;
import io.clipstream.cli.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two Hugging Face Hub endpoints a fetch needs: the recursive tree listing (sizes, git and LFS ids) and
 * {@code resolve} for the bytes, with HTTP ranges so that an interrupted download goes on where it stopped.
 */
public final class HubClient {

    /** The public Hugging Face Hub. */
    public static final String PUBLIC_URL = "https://huggingface.co";
    /** Default of the hub url options: HF_ENDPOINT (the hub clients' variable for a mirror), else the public hub. */
    public static final String URL_DEFAULT = "${env:HF_ENDPOINT:-" + PUBLIC_URL + "}";

    /** Longest wait for the next bytes of a download before it counts as stalled (and can be resumed). */
    public static final Duration STALL_TIMEOUT_DEFAULT = Duration.ofSeconds(30);

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    /** Watches running downloads; the HTTP client has no read timeout for a body it streams. */
    private static final ScheduledExecutorService STALL_WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-download-stall-watch");
        t.setDaemon(true);
        return t;
    });

    private final JsonHttp http;
    private final String token;
    private final Duration stallTimeout;

    /**
     * @param token        a hub access token for gated repositories (HF_TOKEN); null for none
     * @param stallTimeout a download that receives nothing for this long is broken off, to be resumed
     */
    public HubClient(JsonHttp http, String token, Duration stallTimeout) {
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stall timeout must be positive, got " + stallTimeout);
        }
        this.http = http;
        this.token = token;
        this.stallTimeout = stallTimeout;
    }

    /**
     * @param timeout for connecting and for each listing request; a download has it for connecting only, as its
     *                body may take minutes, and {@link #STALL_TIMEOUT_DEFAULT} between two reads
     */
    public static HubClient connect(String baseUrl, String token, Duration timeout) {
        return connect(baseUrl, token, timeout, STALL_TIMEOUT_DEFAULT);
    }

    public static HubClient connect(String baseUrl, String token, Duration timeout, Duration stallTimeout) {
        return new HubClient(new JsonHttp(Service.MODEL_HUB, baseUrl, timeout), token, stallTimeout);
    }

    public List<HubFile> tree(String repo, String revision) {
        List<HubFile> files = new ArrayList<>();
        String path = "/api/models/" + repo + "/tree/" + segment(revision) + "?recursive=true";
        while (path != null) {
            JsonHttp.Answer answer = http.get(path, auth());
            if (answer.status() == 401 || answer.status() == 404) {
                throw CliFailure.failed("the model hub has no " + repo + " at revision " + revision + " ("
                        + answer.status() + ": " + JsonHttp.problem(answer) + "); gated repositories need HF_TOKEN");
            }
            JsonNode listing = http.ok(answer, "GET " + path);
            if (listing == null || !listing.isArray()) {
                throw CliFailure.failed("the model hub answered the tree of " + repo + " with something else than "
                        + "a JSON array");
            }
            for (JsonNode entry : listing) {
                if ("file".equals(entry.path("type").asText())) {
                    JsonNode lfs = entry.get("lfs");
                    files.add(new HubFile(entry.path("path").asText(), entry.path("size").asLong(),
                            entry.path("oid").asText(null),
                            lfs != null && lfs.hasNonNull("oid") ? lfs.get("oid").asText() : null));
                }
            }
            path = nextPage(answer);
        }
        return files;
    }

    /** Pages of a large listing come with a Link header; only same-host continuations are followed. */
    private String nextPage(JsonHttp.Answer answer) {
        for (String link : answer.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                String next = m.group(1);
                if (!next.startsWith(http.base())) {
                    throw CliFailure.failed("the model hub pages its listing to another host: " + next);
                }
                return next.substring(http.base().length());
            }
        }
        return null;
    }

    /**
     * Downloads {@code path} into {@code part}, continuing after what {@code part} already holds; a server that
     * ignores the range (200 instead of 206) makes it start over.
     */
    public void download(String repo, String revision, String path, Path part, long size, Progress.Factory bars)
            throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have >= size && size > 0) {
            return;
        }
        URI uri = URI.create(http.base() + "/" + repo + "/resolve/" + segment(revision) + "/" + pathSegments(path));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        auth().forEach(request::header);
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw http.unreachable(uri, JsonHttp.connectFailure(e), e);
        } catch (IOException e) {
            // A refused proxy tunnel, a reset: the hub did not answer, which is not a local write failure.
            throw http.unreachable(uri, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted while downloading " + path, e);
        }
        int status = response.statusCode();
        boolean append = status == 206;
        if (status == 416) {
            response.body().close();
            return;
        }
        if (status != 200 && status != 206) {
            String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw CliFailure.failed("the model hub answered " + status + " for " + path + " of " + repo + ": "
                    + (body.isBlank() ? "(empty body)" : body.strip()));
        }
        long start = append ? have : 0;
        InputStream in = response.body();
        AtomicLong lastBytesAt = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledFuture<?> watch = watchForStall(in, lastBytesAt, stalled);
        try (in;
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
             Progress bar = bars.create(path, size, start)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                lastBytesAt.set(System.nanoTime());
                out.write(buffer, 0, n);
                bar.stepBy(n);
            }
        } catch (IOException e) {
            throw brokeOff(path, stalled.get() ? stalledFor() : e.getMessage(), e);
        } finally {
            watch.cancel(false);
        }
        if (stalled.get()) {
            // Closing the body ends a blocked read with an end of stream rather than an error.
            throw brokeOff(path, stalledFor(), null);
        }
    }

    /** Closes {@code in} once no bytes came for {@link #stallTimeout}: that ends the blocked read. */
    private ScheduledFuture<?> watchForStall(InputStream in, AtomicLong lastBytesAt, AtomicBoolean stalled) {
        long limit = stallTimeout.toNanos();
        long periodMs = Math.max(10, Math.min(1_000, stallTimeout.toMillis() / 4));
        return STALL_WATCH.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastBytesAt.get() > limit && stalled.compareAndSet(false, true)) {
                try {
                    in.close();
                } catch (IOException e) {
                    // The download fails as stalled either way; what closing said adds nothing to that.
                    stalled.set(true);
                }
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private String stalledFor() {
        return "no bytes for " + stallTimeout.toMillis() + " ms";
    }

    private static CliFailure brokeOff(String path, String why, Exception cause) {
        return CliFailure.failed("the download of " + path + " broke off (" + why + "); run the same command again "
                + "to resume it", cause);
    }

    private Map<String, String> auth() {
        Map<String, String> headers = new HashMap<>();
        if (token != null && !token.isBlank()) {
            headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String pathSegments(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            parts.add(segment(p));
        }
        return String.join("/", parts);
    }
}
