package io.clipstream.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Deterministic synthetic photographs: a gradient sky, shapes and texture, different for every seed, encoded as
 * JPEG or PNG. Sizes and compression resemble camera pictures closely enough for pipeline tests and benchmarks.
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    public static BufferedImage picture(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(random), width, height, color(random)));
            g.fillRect(0, 0, width, height);
            int shapes = 6 + random.nextInt(10);
            for (int i = 0; i < shapes; i++) {
                g.setColor(color(random));
                int w = 1 + random.nextInt(Math.max(1, width / 2));
                int h = 1 + random.nextInt(Math.max(1, height / 2));
                int x = random.nextInt(Math.max(1, width)) - w / 4;
                int y = random.nextInt(Math.max(1, height)) - h / 4;
                switch (random.nextInt(3)) {
                    case 0 -> g.fillOval(x, y, w, h);
                    case 1 -> g.fillRect(x, y, w, h);
                    default -> {
                        g.setStroke(new BasicStroke(1 + random.nextInt(8)));
                        g.drawLine(x, y, x + w, y + h);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        // Sensor-like noise so that JPEG sizes are realistic rather than tiny.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int n = random.nextInt(17) - 8;
                image.setRGB(x, y, (clamp((rgb >> 16 & 0xff) + n) << 16) | (clamp((rgb >> 8 & 0xff) + n) << 8)
                        | clamp((rgb & 0xff) + n));
            }
        }
        return image;
    }

    public static byte[] jpeg(int width, int height, long seed) {
        return jpeg(picture(width, height, seed), 0.9f);
    }

    public static byte[] png(int width, int height, long seed) {
        return encode(picture(width, height, seed), "png");
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Color color(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
