package io.clipstream.bench;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.image.PixelFormat;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.model.onnx.PixelInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The image encoder alone on random pixels, in fixed batches, through the indexer's path (a direct batch buffer in
 * the encoder's pixel format): the ceiling any re-encode of images is held to, with normalised float input or
 * with uint8 input normalised inside the graph.
 */
final class RawImageEncoder {

    private RawImageEncoder() {
    }

    static double imagesPerSecond(Path model, int batch, int seconds, PixelInput input) throws Exception {
        ExecutionSettings settings = ExecutionSettings.defaults().withPixelInput(input);
        try (ClipModel clip = ClipModel.open(model, ModelOptions.only(Tower.VISION, settings))) {
            ImageEncoder encoder = clip.vision();
            ByteBuffer pixels = ByteBuffer.allocateDirect(batch * encoder.bytesPerImage())
                    .order(ByteOrder.nativeOrder());
            Random random = new Random(1);
            if (encoder.pixelFormat() == PixelFormat.UINT8_HWC) {
                byte[] bytes = new byte[pixels.capacity()];
                random.nextBytes(bytes);
                pixels.put(0, bytes);
            } else if (encoder.pixelFormat() == PixelFormat.FLOAT32_CHW) {
                for (int i = 0; i < pixels.capacity() / Float.BYTES; i++) {
                    pixels.putFloat(i * Float.BYTES, (float) random.nextGaussian());
                }
            } else {
                for (int i = 0; i < pixels.capacity() / Short.BYTES; i++) {
                    pixels.putShort(i * Short.BYTES, Float.floatToFloat16((float) random.nextGaussian()));
                }
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
            System.out.printf("raw encoder (%s input): %.1f images/s (batch %d)%n", encoder.pixelFormat(), perSecond,
                    batch);
            return perSecond;
        }
    }
}
