package io.clipstream.model.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Shrinks an image by pixel-area averaging ({@code cv::resize} with {@code INTER_AREA}, SIMD): every source pixel
 * counts, no aliasing, a fraction of the cost of an antialiased bicubic kernel. For derived display images
 * (thumbnails), where Pillow-exact pixels do not matter; the model's input keeps {@link BicubicResampler}.
 */
public final class AreaResize {

    private AreaResize() {
    }

    /** {@code src} shrunk to {@code width x height}; empty where OpenCV's natives do not load. */
    public static Optional<RgbImage> shrink(RgbImage src, int width, int height) {
        if (width < 1 || height < 1 || width > src.width() || height > src.height()) {
            throw new IllegalArgumentException("cannot shrink " + src.width() + "x" + src.height() + " to " + width
                    + "x" + height);
        }
        if (!LibjpegTurboNatives.available()) {
            return Optional.empty();
        }
        try (PointerScope scope = new PointerScope()) {
            Mat in = new Mat(src.height(), src.width(), CV_8UC3, new BytePointer(src.rgb()));
            Mat out = new Mat();
            resize(in, out, new Size(width, height), 0, 0, INTER_AREA);
            byte[] rgb = new byte[Math.multiplyExact(width * 3, height)];
            out.data().get(rgb);
            return Optional.of(new RgbImage(width, height, rgb));
        }
    }
}
