package io.clipstream.query.embed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clipstream.model.ClipModel;
import io.clipstream.model.batch.MicroBatcher;
import io.clipstream.model.onnx.OnnxErrors;
import io.clipstream.query.config.QueryConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Base (version-independent) text embeddings of queries: concurrent requests are gathered into one text-encoder
 * call, and repeated queries come from a bounded LRU cache. Adapters are applied by the caller, so the cache
 * survives a model version switch.
 * <p>
 * The batcher's unit is one query's texts that missed the cache (one for a plain search, up to a weighted query's
 * terms): they always share an encoder call, so the texts of a weighted query cost one call, not one each.
 */
@ApplicationScoped
public class TextEmbedder {

    @Inject
    ClipModel model;

    @Inject
    QueryConfig config;

    @Inject
    MeterRegistry registry;

    private MicroBatcher<List<String>, List<float[]>> batcher;
    private Cache<String, float[]> cache;

    @PostConstruct
    void start() {
        QueryConfig.Text text = config.text();
        DistributionSummary sizes = DistributionSummary.builder("clipstream.query.text.batch.size")
                .description("Texts per text-encoder call (its count: the encoder calls)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32).register(registry);
        batcher = new MicroBatcher<>("text-encoder", groups -> encode(groups, sizes),
                text.maxBatchSize(), Duration.ofMillis(text.maxWaitMs()), 64 * text.maxBatchSize(), 50,
                OnnxErrors::isOutOfMemory, new MicroBatcher.Listener() { });
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(text.cacheSize()).recordStats();
        if (text.cacheSize() == 0) {
            // Caffeine evicts on another thread: a size of 0 would still answer the odd hit. Off means off.
            builder.executor(Runnable::run);
        }
        cache = builder.build();
        CaffeineCacheMetrics.monitor(registry, cache, "query-text-embeddings");
    }

    /** One encoder call for every text of every group, split back per group. */
    private List<List<float[]>> encode(List<List<String>> groups, DistributionSummary sizes) throws Exception {
        List<String> all = new ArrayList<>();
        groups.forEach(all::addAll);
        float[][] vectors = model.embedTexts(all);
        sizes.record(all.size());
        List<List<float[]>> out = new ArrayList<>(groups.size());
        int next = 0;
        for (List<String> group : groups) {
            out.add(Arrays.asList(vectors).subList(next, next + group.size()));
            next += group.size();
        }
        return out;
    }

    /** The base embedding of {@code text}, which the caller has already trimmed and validated. */
    public float[] embed(String text) throws InterruptedException {
        return embedAll(List.of(text)).getFirst();
    }

    /**
     * The base embeddings of {@code texts}, in order: cached ones from the cache, the others (each once) in one
     * encoder call, possibly shared with other queries'.
     */
    public List<float[]> embedAll(List<String> texts) throws InterruptedException {
        Map<String, float[]> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String text : texts) {
            if (!found.containsKey(text)) {
                float[] cached = cache.getIfPresent(text);
                found.put(text, cached);
                if (cached == null) {
                    missing.add(text);
                }
            }
        }
        if (!missing.isEmpty()) {
            CompletableFuture<List<float[]>> future = batcher.submit(missing);
            try {
                List<float[]> vectors = future.get();
                for (int i = 0; i < missing.size(); i++) {
                    cache.put(missing.get(i), vectors.get(i));
                    found.put(missing.get(i), vectors.get(i));
                }
            } catch (ExecutionException e) {
                throw new EmbeddingException("the text encoder failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return texts.stream().map(found::get).toList();
    }

    public void clearCache() {
        cache.invalidateAll();
    }

    public long cachedQueries() {
        return cache.estimatedSize();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (batcher != null) {
            batcher.close();
        }
    }
}
