package io.clipstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load on GET /v1/search: {@code concurrency} client threads, each sending its next request as soon
 * as the previous answer has arrived, over kept-alive HTTP/1.1 connections, until the given prompts are used up.
 */
final class SearchLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** How many searches of a run failed, and the first failure's message. */
    interface Outcome {
        int errors();

        String firstError();
    }

    /** One level's outcome: the merged breakdown and the wall time from first request to last answer. */
    record Result(int concurrency, Breakdown breakdown, double seconds, int errors, String firstError)
            implements Outcome {
        double throughput() {
            return breakdown.count() / seconds;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int k;

    SearchLoad(int port, int k) {
        this.base = "http://127.0.0.1:" + port + "/v1/search?k=" + k + "&q=";
        this.k = k;
    }

    Result run(List<String> prompts, int concurrency) throws InterruptedException {
        Classified r = runClassified(prompts, concurrency, 1);
        return new Result(concurrency, r.breakdowns().getFirst(), r.seconds(), r.errors(), r.firstError());
    }

    /** Requests of {@code classes} kinds interleaved (prompt i is of kind i % classes), one breakdown per kind. */
    record Classified(int concurrency, List<Breakdown> breakdowns, double seconds, int errors, String firstError)
            implements Outcome {
    }

    /**
     * Sends the prompts as {@link #run} does, in order, and splits the answers by kind: prompt {@code i} is of kind
     * {@code i % classes}. Interleaving the kinds in one run gives them the same machine, whatever it does meanwhile.
     */
    Classified runClassified(List<String> prompts, int concurrency, int classes) throws InterruptedException {
        return runClassified(prompts, concurrency, java.util.Collections.nCopies(classes, ""));
    }

    /**
     * As {@link #runClassified(List, int, int)}, with one class per entry of {@code parameters}: query parameters
     * added to the requests of that class (e.g. {@code &mode=hybrid}).
     */
    Classified runClassified(List<String> prompts, int concurrency, List<String> parameters)
            throws InterruptedException {
        int classes = parameters.size();
        List<HttpRequest> requests = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            requests.add(HttpRequest.newBuilder(URI.create(base + URLEncoder.encode(prompts.get(i),
                    StandardCharsets.UTF_8) + parameters.get(i % classes))).timeout(TIMEOUT).GET().build());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<List<Breakdown>> perThread = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            List<Breakdown> mine = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                mine.add(new Breakdown());
            }
            perThread.add(mine);
            threads.add(Thread.ofPlatform().name("search-client-" + t).start(() -> {
                try {
                    go.await();
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        String error = send(requests.get(i), mine.get(i % classes));
                        if (error != null && errors.getAndIncrement() == 0) {
                            firstError.set(error);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Breakdown> all = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            Breakdown merged = new Breakdown();
            for (List<Breakdown> mine : perThread) {
                merged.add(mine.get(c));
            }
            all.add(merged);
        }
        return new Classified(concurrency, all, seconds, errors.get(), firstError.get());
    }

    /** Records one search; returns why it failed, or null. The JSON is read after the clock has stopped. */
    private String send(HttpRequest request, Breakdown into) throws InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return e.toString();
        }
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.path("hits").size() != k) {
                return "expected " + k + " hits, got " + body.path("hits").size();
            }
            JsonNode timings = body.path("timings");
            into.record(nanos, timings.path("encodeMs").asDouble(), timings.path("searchMs").asDouble());
            return null;
        } catch (IOException e) {
            return "unreadable answer: " + e.getMessage();
        }
    }
}
