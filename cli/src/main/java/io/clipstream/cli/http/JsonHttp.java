package io.clipstream.cli.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.cli.CliFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over HTTP with the CLI's error rules: no answer is {@code unreachable} (exit 3, naming the URL and how
 * to start the service), an error answer is {@code failed} (exit 1, with the problem detail the API sent).
 */
public final class JsonHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final Service service;
    private final String base;
    private final Duration timeout;
    private final HttpClient client;

    public JsonHttp(Service service, String baseUrl, Duration timeout) {
        this.service = service;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public String base() {
        return base;
    }

    /** An answer with its status; {@link #json()} is null for an empty or non-JSON body. */
    public record Answer(int status, String body, JsonNode json, java.net.http.HttpHeaders headers) {
    }

    public Service service() {
        return service;
    }

    public Duration timeout() {
        return timeout;
    }

    public HttpClient client() {
        return client;
    }

    public Answer get(String path, Map<String, String> headers) {
        return send("GET", path, headers, null);
    }

    public Answer post(String path, Map<String, String> headers, Object body) {
        return send("POST", path, headers, body);
    }

    /** The JSON of a 2xx answer; any other status fails with the API's explanation. */
    public JsonNode ok(Answer answer, String what) {
        if (answer.status() / 100 == 2) {
            return answer.json();
        }
        throw CliFailure.failed(service.name() + " answered " + answer.status() + " to " + what + ": "
                + problem(answer));
    }

    private Answer send(String method, String path, Map<String, String> headers, Object body) {
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("not a valid " + service.name() + " url: " + base + path);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        if (body != null) {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the request body", e);
            }
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(uri, connectFailure(e), e);
        } catch (HttpTimeoutException e) {
            throw unreachable(uri, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw unreachable(uri, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted while waiting for " + uri, e);
        }
        return new Answer(response.statusCode(), response.body(), parse(response.body()), response.headers());
    }

    /** The failure for a request that got no answer, naming the service, its url and how to start it. */
    public CliFailure unreachable(URI uri, String why, Throwable cause) {
        return CliFailure.unreachable("cannot reach the " + service.name() + " at " + base + " (" + method(uri)
                + why + "): " + service.startHint(), cause);
    }

    /** Why a connection failed: the JDK leaves the message empty for a refused port and an unknown host alike. */
    public static String connectFailure(IOException e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        return "connection refused";
    }

    private static String method(URI uri) {
        return uri.getPath() + ": ";
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Proxies and crashes answer HTML or plain text: the caller shows the raw body then.
            return null;
        }
    }

    /** RFC 9457 detail (and field) when the API sent a problem, the raw body otherwise. */
    public static String problem(Answer answer) {
        JsonNode json = answer.json();
        if (json != null && json.hasNonNull("detail")) {
            String field = json.path("field").asText("");
            return json.get("detail").asText() + (field.isEmpty() ? "" : " (field " + field + ")");
        }
        if (json != null && json.hasNonNull("title")) {
            return json.get("title").asText();
        }
        String body = answer.body() == null ? "" : answer.body().strip();
        return body.isEmpty() ? "(empty body)" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
