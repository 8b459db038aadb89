package io.clipstream.bench;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** The image encoder alone on random tensors, in fixed batches: the ceiling any re-encode of images is held to. */
final class RawImageEncoder {

    private RawImageEncoder() {
    }

    static double imagesPerSecond(Path model, int batch, int seconds) throws Exception {
        try (ClipModel clip = ClipModel.open(model, ModelOptions.only(Tower.VISION, ExecutionSettings.defaults()))) {
            ImageEncoder encoder = clip.vision();
            float[] pixels = new float[batch * encoder.imageSize()];
            Random random = new Random(1);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
            }
            encoder.encode(pixels, batch);
            encoder.encode(pixels, batch);
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
            long done = 0;
            while (System.nanoTime() < deadline) {
                encoder.encode(pixels, batch);
                done += batch;
            }
            double perSecond = done / ((System.nanoTime() - start) / 1e9);
            System.out.printf("raw encoder: %.1f images/s (batch %d)%n", perSecond, batch);
            return perSecond;
        }
    }
}
