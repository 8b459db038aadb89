package io.clipstream.model.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes RGB pixels as baseline JPEG (4:2:0): through libjpeg-turbo ({@code cv::imencode}, SIMD) where its
 * natives load, else through ImageIO. The encoder of small derived images (thumbnails), where the JDK's writer and
 * its BufferedImage round trip cost more than the thumbnail's downscale.
 */
public final class JpegEncoder {

    private JpegEncoder() {
    }

    /** @param quality 1..100, libjpeg's scale */
    public static byte[] encode(RgbImage image, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
        }
        return LibjpegTurboNatives.available() ? viaLibjpegTurbo(image, quality) : viaImageIo(image, quality);
    }

    private static byte[] viaLibjpegTurbo(RgbImage image, int quality) {
        try (PointerScope scope = new PointerScope()) {
            BytePointer pixels = new BytePointer(image.rgb());
            Mat rgb = new Mat(image.height(), image.width(), CV_8UC3, pixels);
            // imencode takes BGR; converting here is one pass over a thumbnail-sized image.
            Mat bgr = new Mat();
            cvtColor(rgb, bgr, COLOR_RGB2BGR);
            BytePointer out = new BytePointer();
            if (!imencode(".jpg", bgr, out, new IntPointer(IMWRITE_JPEG_QUALITY, quality))) {
                throw new IllegalStateException("libjpeg-turbo could not encode a " + image.width() + "x"
                        + image.height() + " image");
            }
            byte[] jpeg = new byte[(int) out.limit()];
            out.get(jpeg);
            return jpeg;
        }
    }

    static byte[] viaImageIo(RgbImage image, int quality) {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG ImageWriter on the class path");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            // Writing to memory: an IOException here is a codec bug, not bad input.
            throw new UncheckedIOException("JPEG encoding of a " + image.width() + "x" + image.height()
                    + " image failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
