package io.clipstream.indexer.fetch;

import io.clipstream.events.ErrorClass;
import io.clipstream.indexer.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads images by url: http and https through a pooled client whose name resolution enforces the
 * {@link AddressPolicy}, file urls through the {@link FileUrlPolicy}. Bounded in size and time; every failure
 * becomes a {@link Rejection} with the matching error class. Thread-safe.
 */
public final class ImageFetcher implements AutoCloseable {

    /** The bytes of an image and the media type its server declared, if any. */
    public record Fetched(byte[] bytes, String declaredType) {
    }

    private final FetchSettings settings;
    private final FileUrlPolicy files;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    public ImageFetcher(FetchSettings settings) {
        this.settings = settings;
        this.files = new FileUrlPolicy(settings.fileRoot());
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(new AddressPolicy(settings.allowedInternal())))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.readTimeoutMs()))
                        .build())
                .setMaxConnTotal(settings.concurrency())
                .setMaxConnPerRoute(settings.concurrency())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.totalTimeoutMs()))
                        .setResponseTimeout(Timeout.ofMilliseconds(settings.readTimeoutMs()))
                        .setRedirectsEnabled(settings.maxRedirects() > 0)
                        .setMaxRedirects(settings.maxRedirects())
                        .build())
                .setUserAgent(settings.userAgent())
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fetch-deadlines").daemon().factory());
    }

    public Fetched fetch(String url) throws Rejection {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Rejection(ErrorClass.INVALID_FIELD, "url is not a valid URI: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> readFile(files.resolve(uri));
            case "http", "https" -> download(uri);
            default -> throw new Rejection(ErrorClass.INVALID_FIELD, "url scheme '" + scheme
                    + "' is not supported (http, https, file)");
        };
    }

    private Fetched readFile(Path path) throws Rejection {
        try {
            long size = Files.size(path);
            if (size > settings.maxBytes()) {
                throw tooLarge(path.toString(), size);
            }
            return new Fetched(Files.readAllBytes(path), null);
        } catch (IOException e) {
            throw new Rejection(ErrorClass.FETCH_FAILED, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private Fetched download(URI uri) throws Rejection {
        if (uri.getHost() == null) {
            throw new Rejection(ErrorClass.INVALID_FIELD, "url " + uri + " has no host");
        }
        HttpGet get = new HttpGet(uri);
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            get.cancel();
        }, settings.totalTimeoutMs(), TimeUnit.MILLISECONDS);
        try {
            return client.execute(get, response -> read(uri, response));
        } catch (RejectionCarrier carrier) {
            throw carrier.rejection;
        } catch (ForbiddenAddressException e) {
            throw new Rejection(ErrorClass.FORBIDDEN_URL, e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            throw new Rejection(ErrorClass.FETCH_TIMEOUT, "timed out fetching " + uri + ": " + e.getMessage(), e);
        } catch (IOException | IllegalStateException e) {
            if (expired.get()) {
                throw new Rejection(ErrorClass.FETCH_TIMEOUT, "fetching " + uri + " took longer than "
                        + settings.totalTimeoutMs() + " ms", e);
            }
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                Thread.currentThread().interrupt();
            }
            String why = e instanceof UnknownHostException ? "unknown host " + uri.getHost() : e.toString();
            throw new Rejection(ErrorClass.FETCH_FAILED, "cannot fetch " + uri + ": " + why, e);
        } finally {
            deadline.cancel(false);
        }
    }

    private Fetched read(URI uri, ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        if (status != 200) {
            throw new RejectionCarrier(new Rejection(ErrorClass.FETCH_FAILED,
                    "HTTP " + status + " " + response.getReasonPhrase() + " from " + uri));
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new Fetched(new byte[0], null);
        }
        long declared = entity.getContentLength();
        if (declared > settings.maxBytes()) {
            throw new RejectionCarrier(tooLarge(uri.toString(), declared));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 64 * 1024);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = entity.getContent()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > settings.maxBytes()) {
                    throw new RejectionCarrier(tooLarge(uri.toString(), out.size()));
                }
            }
        }
        return new Fetched(out.toByteArray(), entity.getContentType());
    }

    private Rejection tooLarge(String source, long bytes) {
        return new Rejection(ErrorClass.PAYLOAD_TOO_LARGE, source + " is " + (bytes > settings.maxBytes()
                ? "over " : "") + bytes + " bytes; the limit is " + settings.maxBytes() + " bytes");
    }

    /** Carries a rejection out of the client's response handler, which may only throw IOException. */
    private static final class RejectionCarrier extends IOException {
        private final Rejection rejection;

        RejectionCarrier(Rejection rejection) {
            super(rejection.getMessage());
            this.rejection = rejection;
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
