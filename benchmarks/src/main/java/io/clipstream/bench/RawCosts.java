package io.clipstream.bench;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.onnx.Device;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.PixelInput;
import io.clipstream.store.milvus.MilvusVectorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The two calls a text search makes, timed one after another without HTTP, Quarkus or the micro-batcher: what
 * the API's latency is held against.
 */
final class RawCosts {

    /** The query API's ONNX Runtime settings when nothing is configured (spin-wait off). */
    static final ExecutionSettings API_DEFAULTS = new ExecutionSettings(Device.AUTO, false, 0, 0, 0, false, PixelInput.FLOAT);

    /** What the text tower makes of the benchmark's prompts. */
    record TextTower(int dims, double meanTokens, String provider) {
    }

    private RawCosts() {
    }

    static TextTower describe(Path model, List<String> prompts) {
        try (ClipModel clip = ClipModel.open(model, ModelOptions.only(Tower.TEXT, API_DEFAULTS))) {
            double tokens = 0;
            for (String p : prompts) {
                tokens += clip.text().tokenizer().encode(List.of(p)).length();
            }
            return new TextTower(clip.dims(), tokens / prompts.size(), clip.text().executionProvider());
        }
    }

    /** {@code ClipModel.embedTexts} with one prompt, as the API calls it for a lone query. */
    static Percentiles textEncoder(Path model, List<String> warmup, List<String> prompts) throws Exception {
        try (ClipModel clip = ClipModel.open(model, ModelOptions.only(Tower.TEXT, API_DEFAULTS))) {
            for (String p : warmup) {
                clip.embedTexts(List.of(p));
            }
            Histogram h = Percentiles.newHistogram();
            double sum = 0;
            for (String p : prompts) {
                long start = System.nanoTime();
                clip.embedTexts(List.of(p));
                double ms = (System.nanoTime() - start) / 1e6;
                h.recordValue(Percentiles.micros(ms));
                sum += ms;
            }
            return Percentiles.of(h, sum / prompts.size());
        }
    }

    /** Direct store searches from {@code threads} threads at once: latency and searches per second. */
    record SearchRun(int threads, Percentiles latency, double throughput) {
    }

    /**
     * {@code MilvusVectorStore.search} for the top {@code k}, no filter, random unit queries, {@code n} in all
     * from {@code threads} threads: one thread is the raw cost of a search, more show what the store itself does
     * under the API's concurrency.
     */
    static SearchRun search(MilvusVectorStore store, String collection, int dims, int k, int threads, int n)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Histogram> histograms = new ArrayList<>();
        double[] sums = new double[threads];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Histogram h = Percentiles.newHistogram();
            histograms.add(h);
            int slot = t;
            Random random = new Random(7 + t);
            workers.add(Thread.ofPlatform().start(() -> {
                while (next.getAndIncrement() < n) {
                    float[] query = CollectionSeeder.randomUnit(random, dims);
                    long begin = System.nanoTime();
                    int hits = store.search(collection, query, k, 0).size();
                    double ms = (System.nanoTime() - begin) / 1e6;
                    if (hits != k) {
                        throw new IllegalStateException("direct search found " + hits + " hits, expected " + k);
                    }
                    h.recordValue(Percentiles.micros(ms));
                    sums[slot] += ms;
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram all = Percentiles.newHistogram();
        histograms.forEach(all::add);
        if (all.getTotalCount() != n) {
            throw new IllegalStateException("direct searches failed: " + all.getTotalCount() + " of " + n + " done");
        }
        return new SearchRun(threads, Percentiles.of(all, Arrays.stream(sums).sum() / n), n / seconds);
    }
}
