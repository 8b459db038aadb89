package io.clipstream.query.embed;

import io.clipstream.model.ClipModel;
import io.clipstream.model.batch.MicroBatcher;
import io.clipstream.model.batch.TensorBatcher;
import io.clipstream.model.image.DctMargin;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.RgbImage;
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
 * same limits by default, same tensor batches in the encoder's pixel format), so an uploaded copy of an indexed
 * image finds that image.
 */
@ApplicationScoped
public class ImageEmbedder {

    /** One batch runs while the next fills. */
    private static final int BATCH_BUFFERS = 2;

    @Inject
    ClipModel model;

    @Inject
    QueryConfig config;

    private ImageDecoder decoder;
    private ImagePreprocessor preprocessor;
    private int minShortSide;
    private TensorBatcher<float[]> batcher;

    @PostConstruct
    void start() {
        decoder = new ImageDecoder(new DecodeLimits(config.image().maxBytes(), config.image().maxPixels()));
        preprocessor = model.preprocessor();
        minShortSide = DctMargin.minShortSide(DctMargin.parse(config.image().dctMargin()), preprocessor.spec());
        ImageEncoder vision = model.vision();
        batcher = new TensorBatcher<>("query-image-encoder", vision::encode, vision.bytesPerImage(),
                config.image().maxBatchSize(), Duration.ofMillis(config.image().maxWaitMs()), BATCH_BUFFERS, 50,
                OnnxErrors::isOutOfMemory, new MicroBatcher.Listener() { });
    }

    /** Decodes, preprocesses and encodes {@code bytes}; a bad image is the caller's error. */
    public float[] embed(byte[] bytes) throws ImageDecodeException, InterruptedException {
        RgbImage window = preprocessor.resizeAndCrop(decoder.decode(bytes, minShortSide).image());
        TensorBatcher<float[]>.Slot slot = batcher.claim();
        try {
            preprocessor.toTensor(window, model.vision().pixelFormat(), slot.buffer(), slot.offset());
        } catch (RuntimeException e) {
            slot.abandon();
            throw e;
        }
        try {
            return slot.commit().get();
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
