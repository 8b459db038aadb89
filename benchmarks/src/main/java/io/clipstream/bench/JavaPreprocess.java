package io.clipstream.bench;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.image.DctMargin;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.PixelFormat;
import io.clipstream.model.image.PreprocessSpec;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ExecutionSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Row "Java decode + preprocess": read the file, {@link ImageDecoder}, {@link ImagePreprocessor} into a tensor,
 * one thread per core, through the same model-runtime classes and limits the indexer's encode stage uses; no
 * encoder, no Kafka. The clock runs from submitting the first image to the last tensor, after an untimed warm-up
 * over the first images so that the JIT has compiled the decode and resample loops.
 */
final class JavaPreprocess {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
    private final ImagePreprocessor preprocessor;
    private final int minShortSide;
    private final int threads;

    private JavaPreprocess(ImagePreprocessor preprocessor, int threads) {
        this.preprocessor = preprocessor;
        this.threads = threads;
        // The indexer's default clipstream.decode.dct-margin; -Dclipstream.bench.dct-margin=exact measures full scale.
        minShortSide = DctMargin.minShortSide(DctMargin.parse(System.getProperty("clipstream.bench.dct-margin", "2")),
                preprocessor.spec());
    }

    static Map<String, Object> measure(Path model, List<Path> files, int warmup) throws Exception {
        try (ClipModel clip = ClipModel.open(model, ModelOptions.only(Tower.VISION, ExecutionSettings.cpu(1)))) {
            int threads = Runtime.getRuntime().availableProcessors();
            JavaPreprocess row = new JavaPreprocess(clip.preprocessor(), threads);
            row.run(files.subList(0, Math.min(warmup, files.size())));
            double seconds = row.run(files);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("images_per_s", Rounding.round(files.size() / seconds));
            r.put("seconds", Rounding.round(seconds));
            r.put("threads", threads);
            r.put("warmup_images", Math.min(warmup, files.size()));
            r.put("decode_min_short_side", row.minShortSide);
            return r;
        }
    }

    /** What the indexer's encode stage does per image before the encoder: decode, window, tensor into a slot. */
    private int prepare(byte[] bytes, byte[] window, ByteBuffer slot) throws ImageDecodeException {
        RgbImage image = decoder.decode(bytes, minShortSide).image();
        preprocessor.toTensor(preprocessor.resizeAndCropInto(image, window), PixelFormat.FLOAT32_CHW, slot, 0);
        return image.width();
    }

    private double run(List<Path> files) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        PreprocessSpec spec = preprocessor.spec();
        ThreadLocal<byte[]> windows = ThreadLocal.withInitial(() -> new byte[3 * spec.cropWidth() * spec.cropHeight()]);
        ThreadLocal<ByteBuffer> slots = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(
                PixelFormat.FLOAT32_CHW.bytesPerImage(spec.cropHeight(), spec.cropWidth())).order(ByteOrder.nativeOrder()));
        try {
            long start = System.nanoTime();
            List<Future<Integer>> tasks = new ArrayList<>(files.size());
            for (Path f : files) {
                tasks.add(pool.submit(() -> prepare(Files.readAllBytes(f), windows.get(), slots.get())));
            }
            for (Future<Integer> t : tasks) {
                t.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
