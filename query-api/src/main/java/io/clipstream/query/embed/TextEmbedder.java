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
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Base (version-independent) text embeddings of queries: concurrent requests are gathered into one text-encoder
 * call, and repeated queries come from a bounded LRU cache. Adapters are applied by the caller, so the cache
 * survives a model version switch.
 */
@ApplicationScoped
public class TextEmbedder {

    @Inject
    ClipModel model;

    @Inject
    QueryConfig config;

    @Inject
    MeterRegistry registry;

    private MicroBatcher<String, float[]> batcher;
    private Cache<String, float[]> cache;

    @PostConstruct
    void start() {
        QueryConfig.Text text = config.text();
        DistributionSummary sizes = DistributionSummary.builder("clipstream.query.text.batch.size")
                .description("Queries per text-encoder call").serviceLevelObjectives(1, 2, 4, 8, 16, 32)
                .register(registry);
        batcher = new MicroBatcher<>("text-encoder", batch -> Arrays.asList(model.embedTexts(batch)),
                text.maxBatchSize(), Duration.ofMillis(text.maxWaitMs()), 64 * text.maxBatchSize(), 50,
                OnnxErrors::isOutOfMemory, new MicroBatcher.Listener() {
                    @Override
                    public void batchDone(int size, long nanos) {
                        sizes.record(size);
                    }
                });
        cache = Caffeine.newBuilder().maximumSize(text.cacheSize()).recordStats().build();
        CaffeineCacheMetrics.monitor(registry, cache, "query-text-embeddings");
    }

    /** The base embedding of {@code text}, which the caller has already trimmed and validated. */
    public float[] embed(String text) throws InterruptedException {
        float[] cached = cache.getIfPresent(text);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<float[]> future = batcher.submit(text);
        try {
            float[] vector = future.get();
            cache.put(text, vector);
            return vector;
        } catch (ExecutionException e) {
            throw new EmbeddingException("the text encoder failed: " + e.getCause().getMessage(), e.getCause());
        }
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
