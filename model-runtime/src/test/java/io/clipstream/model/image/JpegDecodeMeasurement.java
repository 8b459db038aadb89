package io.clipstream.model.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Milliseconds per JPEG decode, fast path (libjpeg-turbo, full scale and 1/2, 1/4, 1/8) against ImageIO, for the
 * 640x480 fixture and a generated 12 MP photo-like JPEG (quality 90, 4:2:0). A measurement, not a test: run it
 * pinned to one core, e.g. {@code taskset -c 0 java -cp <test classpath> io.clipstream.model.image.JpegDecodeMeasurement}.
 */
public final class JpegDecodeMeasurement {

    private JpegDecodeMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        ImageDecoder fast = new ImageDecoder(DecodeLimits.defaults());
        ImageDecoder imageIo = new ImageDecoder(DecodeLimits.defaults(), false);
        byte[] small = Fixtures.source("photo_640x480.jpg");
        byte[] large = photoLikeJpeg(4000, 3000);
        System.out.printf("12 MP JPEG: %d bytes%n", large.length);
        report("640x480", small, fast, imageIo, 400, new int[] {0, 240, 120, 60});
        report("4000x3000", large, fast, imageIo, 12, new int[] {0, 1500, 750, 375});
    }

    private static void report(String name, byte[] jpeg, ImageDecoder fast, ImageDecoder imageIo, int iterations,
                               int[] minShortSides) throws ImageDecodeException {
        System.out.printf("%s ImageIO full: %.2f ms%n", name, msPerDecode(imageIo, jpeg, 0, iterations));
        for (int minShortSide : minShortSides) {
            int denominator = fast.decode(jpeg, minShortSide).scaleDenominator();
            System.out.printf("%s libjpeg-turbo 1/%d: %.2f ms%n", name, denominator,
                    msPerDecode(fast, jpeg, minShortSide, iterations));
        }
    }

    private static double msPerDecode(ImageDecoder decoder, byte[] jpeg, int minShortSide, int iterations)
            throws ImageDecodeException {
        for (int i = 0; i < Math.max(3, iterations / 4); i++) {
            decoder.decode(jpeg, minShortSide); // warm-up: JIT, class loading, native load
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                decoder.decode(jpeg, minShortSide);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e6 / iterations);
        }
        return best;
    }

    /** Gradients, soft blobs and hard-edged shapes: compresses like a photo, unlike noise. */
    static byte[] photoLikeJpeg(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(70, 120, 200), w, h, new Color(230, 190, 120)));
        g.fillRect(0, 0, w, h);
        Random random = new Random(12);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 40 + random.nextInt(200)));
            int x = random.nextInt(w);
            int y = random.nextInt(h);
            int s = 10 + random.nextInt(w / 6);
            if (i % 3 == 0) {
                g.fillOval(x, y, s, s * 2 / 3);
            } else if (i % 3 == 1) {
                g.fillRect(x, y, s, s / 2);
            } else {
                g.drawLine(x, y, x + s, y + s / 3);
            }
        }
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(img, null, null), param); // the JDK writer subsamples chroma 4:2:0
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
