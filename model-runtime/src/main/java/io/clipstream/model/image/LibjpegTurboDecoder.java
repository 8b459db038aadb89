package io.clipstream.model.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.util.Optional;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.jboss.logging.Logger;

/**
 * The JPEG fast path: {@code cv::imdecode} on OpenCV's bundled libjpeg-turbo, which is the same codec (ISLOW IDCT,
 * fancy upsampling, YCbCr tables, colour-space guess) Pillow uses, so full-scale output equals Pillow's bit for bit.
 * A denominator of 2, 4 or 8 makes libjpeg scale in the DCT domain (it computes a 4x4, 2x2 or 1x1 IDCT per block),
 * which is where the time goes for large photos.
 *
 * <p>Flags: {@code IMREAD_COLOR_RGB} (no BGR swap afterwards), {@code IMREAD_IGNORE_ORIENTATION} (EXIF stays ours,
 * see {@link ExifOrientation}); the "reduced" flags are used in their grayscale form because OpenCV refuses the
 * BGR bit they carry together with the RGB one.
 *
 * <p>All native memory (the copy of the encoded bytes, both Mats) lives in a {@link PointerScope} closed before
 * returning, never left to the garbage collector.
 */
final class LibjpegTurboDecoder {

    private static final Logger LOG = Logger.getLogger(LibjpegTurboDecoder.class);

    private LibjpegTurboDecoder() {
    }

    /**
     * Decodes to RGB at 1/{@code denominator} scale (1, 2, 4 or 8), not yet EXIF-transposed.
     *
     * @return empty when libjpeg-turbo refuses the data (OpenCV returns an empty Mat or throws); the caller then
     *         lets ImageIO decide
     */
    static Optional<RgbImage> decode(byte[] bytes, int denominator) {
        int flags = IMREAD_COLOR_RGB | IMREAD_IGNORE_ORIENTATION | reducedFlag(denominator);
        try (PointerScope scope = new PointerScope()) {
            BytePointer encoded = new BytePointer(bytes);
            Mat in = new Mat(1, bytes.length, CV_8UC1, encoded);
            Mat out = imdecode(in, flags);
            if (out == null || out.empty() || out.type() != CV_8UC3 || out.cols() <= 0 || out.rows() <= 0) {
                return Optional.empty();
            }
            return Optional.of(copyOut(out));
        } catch (RuntimeException e) {
            // cv::Exception surfaces as RuntimeException; ImageIO gets the last word on such files.
            LOG.debugf("libjpeg-turbo refused the JPEG, falling back to ImageIO: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private static RgbImage copyOut(Mat out) {
        int w = out.cols();
        int h = out.rows();
        int rowBytes = w * 3;
        byte[] rgb = new byte[Math.multiplyExact(rowBytes, h)];
        BytePointer data = out.data();
        long step = out.step();
        if (step == rowBytes) {
            data.get(rgb, 0, rgb.length);
        } else {
            for (int y = 0; y < h; y++) {
                data.position(y * step).get(rgb, y * rowBytes, rowBytes);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static int reducedFlag(int denominator) {
        return switch (denominator) {
            case 1 -> 0;
            case 2 -> IMREAD_REDUCED_GRAYSCALE_2;
            case 4 -> IMREAD_REDUCED_GRAYSCALE_4;
            case 8 -> IMREAD_REDUCED_GRAYSCALE_8;
            default -> throw new IllegalArgumentException("scale denominator must be 1, 2, 4 or 8, got " + denominator);
        };
    }
}
