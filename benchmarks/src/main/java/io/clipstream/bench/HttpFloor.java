package io.clipstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What any JAX-RS call of the query API costs, measured on an endpoint that does almost nothing (the admin
 * status: three counters as JSON), one request at a time over a kept-alive connection: the part of the HTTP
 * overhead that is the framework and the loopback round trip rather than the search endpoint's own work.
 */
final class HttpFloor {

    private HttpFloor() {
    }

    static Percentiles measure(int port, String apiKey, int warmup, int n) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/status"))
                .header("X-API-Key", apiKey).timeout(Duration.ofSeconds(30)).GET().build();
        Histogram h = Percentiles.newHistogram();
        double sum = 0;
        for (int i = 0; i < warmup + n; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double ms = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/v1/admin/status answered " + response.statusCode());
            }
            if (i >= warmup) {
                h.recordValue(Percentiles.micros(ms));
                sum += ms;
            }
        }
        return Percentiles.of(h, sum / n);
    }
}
