package io.clipstream.query.embed;

import io.clipstream.model.ClipModel;
import io.clipstream.model.batch.MicroBatcher;
import io.clipstream.model.image.DctMargin;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.model.onnx.OnnxErrors;
import io.clipstream.query.config.QueryConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Base embeddings of uploaded query images, decoded and preprocessed exactly as the indexer does (same decoder,
 * same limits by default), so an uploaded copy of an indexed image finds that image.
 */
@ApplicationScoped
public class ImageEmbedder {

    @Inject
    ClipModel model;

    @Inject
    QueryConfig config;

    private ImageDecoder decoder;
    private int minShortSide;
    private MicroBatcher<float[], float[]> batcher;

    @PostConstruct
    void start() {
        decoder = new ImageDecoder(new DecodeLimits(config.image().maxBytes(), config.image().maxPixels()));
        minShortSide = DctMargin.minShortSide(DctMargin.parse(config.image().dctMargin()),
                model.preprocessor().spec());
        ImageEncoder vision = model.vision();
        // One worker thread runs batches, so one staging buffer serves them all.
        float[] staging = new float[config.image().maxBatchSize() * vision.imageSize()];
        batcher = new MicroBatcher<>("query-image-encoder", batch -> vision.encode(batch, staging),
                config.image().maxBatchSize(), Duration.ofMillis(config.image().maxWaitMs()),
                16 * config.image().maxBatchSize(), 50, OnnxErrors::isOutOfMemory, new MicroBatcher.Listener() { });
    }

    /** Decodes, preprocesses and encodes {@code bytes}; a bad image is the caller's error. */
    public float[] embed(byte[] bytes) throws ImageDecodeException, InterruptedException {
        float[] tensor = model.preprocessor().preprocess(decoder.decode(bytes, minShortSide).image());
        try {
            return batcher.submit(tensor).get();
        } catch (ExecutionException e) {
            throw new EmbeddingException("the image encoder failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public long maxBytes() {
        return decoder.limits().maxBytes();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (batcher != null) {
            batcher.close();
        }
    }
}
