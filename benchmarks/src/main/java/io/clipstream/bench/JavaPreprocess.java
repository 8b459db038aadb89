package io.clipstream.bench;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.ImageDecodeException;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.PreprocessSpec;
import io.clipstream.model.image.ResizeMode;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ExecutionSettings;
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
        PreprocessSpec spec = preprocessor.spec();
        minShortSide = spec.mode() == ResizeMode.SQUASH ? Math.max(spec.cropWidth(), spec.cropHeight())
                : spec.shortestEdge();
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

    /**
     * The one decode call of this row. Switching to the decoder's reduced-scale decode (DCT-domain downscaling to
     * at least {@code minShortSide}) is a change of this line only.
     */
    private RgbImage decode(byte[] bytes) throws ImageDecodeException {
        return decoder.decode(bytes);
    }

    private double run(List<Path> files) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int tensorSize = preprocessor.spec().tensorSize();
        try {
            long start = System.nanoTime();
            List<Future<Integer>> tasks = new ArrayList<>(files.size());
            for (Path f : files) {
                tasks.add(pool.submit(() -> {
                    float[] tensor = new float[tensorSize];
                    preprocessor.preprocessInto(decode(Files.readAllBytes(f)), tensor, 0);
                    return tensor.length;
                }));
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
