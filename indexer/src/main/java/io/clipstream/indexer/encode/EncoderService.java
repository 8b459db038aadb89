package io.clipstream.indexer.encode;

import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.model.ClipModel;
import io.clipstream.model.batch.MicroBatcher;
import io.clipstream.model.batch.TensorBatcher;
import io.clipstream.model.image.PixelFormat;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.model.onnx.OnnxErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The image encoder behind a tensor batcher: decode threads write their images straight into the slots of a
 * device-sized batch buffer (pooled, direct), which ONNX Runtime reads in place. Counts batches, out-of-memory
 * events and the current batch limit.
 */
@ApplicationScoped
public class EncoderService {

    @Inject
    ClipModel model;

    @Inject
    IndexerConfig config;

    @Inject
    MeterRegistry registry;

    /** Buffers in the pool: one batch runs while the next fills and a third collects its stragglers. */
    private static final int BATCH_BUFFERS = 3;

    private TensorBatcher<float[]> batcher;
    private PixelFormat pixelFormat;

    @PostConstruct
    void start() {
        ImageEncoder vision = model.vision();
        int max = config.encode().maxBatchSize();
        pixelFormat = vision.pixelFormat();
        DistributionSummary sizes = DistributionSummary.builder("clipstream.encode.batch.size")
                .description("Images per encoder call").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry);
        Timer inference = Timer.builder("clipstream.encode.inference")
                .description("Encoder time per batch").publishPercentileHistogram().register(registry);
        Counter oom = Counter.builder("clipstream.encode.oom")
                .description("Batches that ran out of device memory and were split").register(registry);
        MicroBatcher.Listener listener = new MicroBatcher.Listener() {
            @Override
            public void batchDone(int size, long nanos) {
                sizes.record(size);
                inference.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void outOfMemory(int failedSize, int newLimit) {
                oom.increment();
            }
        };
        batcher = new TensorBatcher<>("image-encoder", vision::encode, vision.bytesPerImage(), max,
                Duration.ofMillis(config.encode().maxWaitMs()), BATCH_BUFFERS, config.encode().oomGrowAfterBatches(),
                OnnxErrors::isOutOfMemory, listener);
        Gauge.builder("clipstream.encode.batch.limit", batcher, TensorBatcher::currentLimit)
                .description("Current batch limit (lowered after out-of-memory)").register(registry);
    }

    /** A place for one image in the next batch; blocks while the encoder is saturated. */
    public TensorBatcher<float[]>.Slot claim() throws InterruptedException {
        return batcher.claim();
    }

    /** How an image is written into a slot. */
    public PixelFormat pixelFormat() {
        return pixelFormat;
    }

    public int dims() {
        return model.dims();
    }

    public String modelId() {
        return model.descriptor().modelId();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (batcher != null) {
            batcher.close();
        }
    }
}
