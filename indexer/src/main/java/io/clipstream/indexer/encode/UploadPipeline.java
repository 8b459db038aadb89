package io.clipstream.indexer.encode;

import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.ErrorClass;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.events.ImageEvidence;
import io.clipstream.events.ImageUploaded;
import io.clipstream.events.VectorEncoding;
import io.clipstream.indexer.Rejection;
import io.clipstream.indexer.config.IndexerConfig;
import io.clipstream.indexer.evidence.EvidenceMaker;
import io.clipstream.indexer.fetch.FetchSettings;
import io.clipstream.indexer.fetch.ImageFetcher;
import io.clipstream.indexer.thumbnail.Thumbnail;
import io.clipstream.indexer.thumbnail.ThumbnailMaker;
import io.clipstream.indexer.thumbnail.ThumbnailSources;
import io.clipstream.model.ClipModel;
import io.clipstream.model.batch.TensorBatcher;
import io.clipstream.model.image.DctMargin;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.DecodedImage;
import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.RgbImage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Turns a batch of images.uploaded records into outcomes: parse, fetch (bounded concurrency), decode, preprocess
 * and make the thumbnail (one thread per core), encode (micro-batched), all records of the batch in flight
 * together. Outcomes come back in record order, so their publication keeps per-key order.
 */
@ApplicationScoped
public class UploadPipeline {

    private static final Logger LOG = Logger.getLogger(UploadPipeline.class);

    @Inject
    IndexerConfig config;

    @Inject
    ClipModel model;

    @Inject
    EncoderService encoder;

    @Inject
    MeterRegistry registry;

    private final UploadParser parser = new UploadParser();
    private final Clock clock = Clock.systemUTC();
    private ImageFetcher fetcher;
    private ImageSource source;
    private ImageDecoder decoder;
    private ImagePreprocessor preprocessor;
    private ExecutorService fetchPool;
    private ExecutorService cpuPool;
    /** The model-sized window of the image being prepared, one per decode thread (no allocation per image). */
    private ThreadLocal<byte[]> windows;
    /** Shorter side a reduced JPEG decode must keep (clipstream.decode.dct-margin); 0 = full scale. */
    private int minShortSide;
    private VectorEncoding vectorEncoding;
    private Timer prepareTimer;
    private Timer evidenceTimer;
    private EvidenceMaker evidence;
    private Semaphore downloaded;
    private ThumbnailSources thumbnailSources;
    private ThumbnailMaker thumbnailMaker;
    private Counter thumbnailsTooLarge;
    private Counter thumbnailsFailed;

    @PostConstruct
    void start() {
        IndexerConfig.Fetch f = config.fetch();
        long maxBytes = config.decode().maxBytes();
        fetcher = new ImageFetcher(new FetchSettings(f.concurrency(), f.connectTimeoutMs(), f.readTimeoutMs(),
                f.totalTimeoutMs(), f.maxRedirects(), maxBytes, f.allowedInternal().orElse(List.of()), f.fileRoot(),
                f.userAgent()));
        source = new ImageSource(fetcher, maxBytes);
        decoder = new ImageDecoder(new DecodeLimits(maxBytes, config.decode().maxPixels()));
        preprocessor = model.preprocessor();
        int windowBytes = 3 * preprocessor.spec().cropWidth() * preprocessor.spec().cropHeight();
        windows = ThreadLocal.withInitial(() -> new byte[windowBytes]);
        minShortSide = DctMargin.minShortSide(config.decode().dctMarginValue(), preprocessor.spec());
        vectorEncoding = config.encode().vectorEncodingValue();
        int threads = config.encode().decodeThreads() > 0 ? config.encode().decodeThreads()
                : Runtime.getRuntime().availableProcessors();
        fetchPool = Executors.newFixedThreadPool(f.concurrency(), Thread.ofPlatform().name("fetch-", 0).factory());
        cpuPool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("decode-", 0).factory());
        downloaded = new Semaphore(f.concurrency() + 2 * threads);
        prepareTimer = Timer.builder("clipstream.encode.prepare")
                .description("Decode, preprocess and thumbnail time per image").publishPercentileHistogram()
                .register(registry);
        evidenceTimer = Timer.builder("clipstream.encode.evidence")
                .description("Pixel evidence time per image (digests, grey thumbnail, uniformity), part of prepare")
                .publishPercentileHistogram().register(registry);
        evidence = new EvidenceMaker(config.duplicates().degenerateMaxGreyRange());
        IndexerConfig.Thumbnails t = config.thumbnails();
        thumbnailSources = ThumbnailSources.parse(t.sources());
        thumbnailMaker = new ThumbnailMaker(t.maxSidePx(), t.jpegQuality(), t.maxBytes());
        thumbnailsTooLarge = Counter.builder("clipstream.thumbnails.skipped").tag("reason", "too_large")
                .description("Images that should have a thumbnail but got none").register(registry);
        thumbnailsFailed = Counter.builder("clipstream.thumbnails.skipped").tag("reason", "failed")
                .description("Images that should have a thumbnail but got none").register(registry);
    }

    /** Whether any upload gets a thumbnail; when none does, the thumbnails topic is left alone. */
    public boolean thumbnailsEnabled() {
        return thumbnailSources.enabled();
    }

    /**
     * Starts every record of a batch: parse, fetch, decode and encode run on this pipeline's pools, all records in
     * flight together. The futures complete with outcomes (a bad record is a {@link Outcome.Rejected}); they fail
     * only for failures that are not the record's fault (the encoder itself failing), so that the batch is retried
     * rather than dead-lettered.
     */
    public List<CompletableFuture<Outcome>> start(List<ConsumerRecord<byte[], byte[]>> records) {
        List<CompletableFuture<Outcome>> pending = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            pending.add(start(record));
        }
        return pending;
    }

    private CompletableFuture<Outcome> start(ConsumerRecord<byte[], byte[]> record) {
        String imageId;
        ImageUploaded upload;
        try {
            imageId = parser.imageId(record.key());
        } catch (Rejection e) {
            return CompletableFuture.completedFuture(new Outcome.Rejected(record, null, e));
        }
        if (record.value() == null) {
            return CompletableFuture.completedFuture(new Outcome.Deleted(record, imageId));
        }
        try {
            upload = parser.event(record.value());
        } catch (Rejection e) {
            return CompletableFuture.completedFuture(new Outcome.Rejected(record, imageId, e));
        }
        CompletableFuture<byte[]> bytes = upload.isInline()
                ? supply(() -> source.inline(upload), cpuPool)
                : supply(() -> fetchWithPermit(upload), fetchPool);
        return bytes
                .thenApplyAsync(b -> {
                    try {
                        return prepare(imageId, upload, b);
                    } finally {
                        if (!upload.isInline()) {
                            downloaded.release();
                        }
                    }
                }, cpuPool)
                .thenCompose(prepared -> prepared.vector()
                        .thenApply(vector -> (Outcome) new Outcome.Embedded(record, imageId,
                                message(record, imageId, upload, prepared, vector), prepared.thumbnail())))
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof Rejection rejection) {
                        return new Outcome.Rejected(record, imageId, rejection);
                    }
                    throw error instanceof CompletionException c ? c : new CompletionException(cause);
                });
    }

    /**
     * Downloads hold a permit until decoded: fetching runs ahead of decoding, and without a bound a batch of large
     * images would sit in memory all at once.
     */
    private byte[] fetchWithPermit(ImageUploaded upload) throws Rejection {
        try {
            downloaded.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        try {
            return source.fetch(upload);
        } catch (Rejection | RuntimeException e) {
            downloaded.release();
            throw e;
        }
    }

    /**
     * Decodes, resizes, and writes the image into a slot of the encoder's next batch (claimed only once the pixels
     * are ready, so a slot is never held across a decode).
     */
    private PreparedImage prepare(String imageId, ImageUploaded upload, byte[] bytes) {
        Timer.Sample sample = Timer.start(registry);
        try {
            DecodedImage decoded = decoder.decode(bytes, minShortSide);
            RgbImage image = decoded.image();
            RgbImage window = preprocessor.resizeAndCropInto(image, windows.get());
            // From the (possibly DCT-reduced) pixels: still at least twice the model input, far above 256 px.
            byte[] thumbnail = thumbnailSources.wants(upload) ? thumbnail(imageId, image) : null;
            Timer.Sample evidenceSample = Timer.start(registry);
            ImageEvidence found = evidence.make(bytes, image, window);
            evidenceSample.stop(evidenceTimer);
            return new PreparedImage(encode(window), decoded.originalWidth(), decoded.originalHeight(),
                    decoded.format().mimeType(), thumbnail, found);
        } catch (ImageDecodeException e) {
            throw new CompletionException(new Rejection(errorClass(e.reason()), e.getMessage(), e));
        } finally {
            sample.stop(prepareTimer);
        }
    }

    private CompletableFuture<float[]> encode(RgbImage window) {
        TensorBatcher<float[]>.Slot slot;
        try {
            slot = encoder.claim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        try {
            preprocessor.toTensor(window, encoder.pixelFormat(), slot.buffer(), slot.offset());
        } catch (RuntimeException e) {
            slot.abandon();
            throw e;
        }
        return slot.commit();
    }

    /**
     * The thumbnail from the decoded image, or null. A thumbnail is a convenience of the web UI: an image whose
     * thumbnail cannot be made is still indexed (warned and counted), never dead-lettered or retried.
     */
    private byte[] thumbnail(String imageId, RgbImage image) {
        try {
            Optional<Thumbnail> made = thumbnailMaker.make(image);
            if (made.isEmpty()) {
                thumbnailsTooLarge.increment();
                LOG.warnf("no thumbnail for %s (%dx%d): it exceeds clipstream.thumbnails.max-bytes=%d even at the "
                        + "lowest quality", imageId, image.width(), image.height(), config.thumbnails().maxBytes());
                return null;
            }
            return made.get().jpeg();
        } catch (RuntimeException e) {
            thumbnailsFailed.increment();
            LOG.warnf(e, "no thumbnail for %s: making it failed", imageId);
            return null;
        }
    }

    private EmbeddingMessage message(ConsumerRecord<byte[], byte[]> record, String imageId, ImageUploaded upload,
                                     PreparedImage prepared, float[] vector) {
        Instant eventTime = upload.eventTime() != null ? upload.eventTime() : Instant.ofEpochMilli(record.timestamp());
        ImageEmbedded header = new ImageEmbedded(imageId, encoder.modelId(), vector.length, vectorEncoding,
                upload.url(), prepared.contentType(), prepared.width(), prepared.height(), upload.metadata(), eventTime,
                clock.instant(), prepared.evidence());
        return new EmbeddingMessage(header, vector);
    }

    static ErrorClass errorClass(ImageDecodeException.Reason reason) {
        return switch (reason) {
            case EMPTY -> ErrorClass.EMPTY_IMAGE;
            case UNSUPPORTED_FORMAT -> ErrorClass.UNSUPPORTED_FORMAT;
            case CORRUPT -> ErrorClass.CORRUPT_IMAGE;
            case TOO_MANY_PIXELS -> ErrorClass.TOO_MANY_PIXELS;
            case TOO_LARGE -> ErrorClass.PAYLOAD_TOO_LARGE;
        };
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Rejection;
    }

    private static <T> CompletableFuture<T> supply(Step<T> step, ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.run();
            } catch (Rejection e) {
                throw new CompletionException(e);
            }
        }, pool);
    }

    @PreDestroy
    void stop() throws IOException {
        fetchPool.shutdownNow();
        cpuPool.shutdownNow();
        fetcher.close();
    }
}
