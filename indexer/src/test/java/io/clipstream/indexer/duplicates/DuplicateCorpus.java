package io.clipstream.indexer.duplicates;

import io.clipstream.testing.SyntheticImages;
import io.clipstream.testing.shapes.Scene;
import io.clipstream.testing.shapes.SceneRenderer;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * The generated evaluation set of the duplicates stage: base pictures of the trained tiny CLIP's world, and for each
 * its copies (same bytes, a PNG re-saved with other chunks, a JPEG with EXIF added: exact), its variants (JPEG
 * re-encodes, resizes, 5-10 % crops, brightness and contrast shifts, an EXIF-rotated JPEG: near), a same-scene
 * sibling a little later (another drawing of the same scene: scene, not near), a hard negative (same colour and
 * background, another shape), and near-uniform frames (black, white, grey, coloured, with noise) that must never
 * group.
 *
 * @param base the base picture an item was made from, -1 for uniform frames
 * @param exactClass items with the same exact class are exact copies of each other (null: none)
 * @param sceneOf the base a sibling belongs to in a scene (its own base for base variants), -1 for none
 */
record DuplicateCorpus(List<Item> items) {

    static final int SIZE = 256;
    static final long BASE_SPACING_MS = 3_600_000;
    static final long SIBLING_DELAY_MS = 30_000;

    record Item(String id, byte[] bytes, int base, String kind, String exactClass, int sceneOf, long eventTimeMs) {
    }

    static DuplicateCorpus generate(int bases, int uniformFrames, long seed) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        for (int b = 0; b < bases; b++) {
            Scene scene = Scene.random(random);
            BufferedImage picture = SceneRenderer.render(scene, SIZE, seed * 1000 + b);
            long t = b * BASE_SPACING_MS;
            String p = String.format("b%03d", b);
            byte[] png = SyntheticImages.encode(picture, "png");
            byte[] jpeg90 = SyntheticImages.jpeg(picture, 0.9f);
            items.add(new Item(p + "-png", png, b, "original", p + "-png", b, t));
            items.add(new Item(p + "-copy", png.clone(), b, "byte copy", p + "-png", b, t + 1));
            items.add(new Item(p + "-resaved", withTextChunk(png), b, "lossless re-save", p + "-png", b, t + 2));
            items.add(new Item(p + "-jpeg90", jpeg90, b, "jpeg 90", p + "-jpeg", b, t + 3));
            items.add(new Item(p + "-exif", withExifOrientation(jpeg90, 1), b, "metadata only", p + "-jpeg", b, t + 4));
            items.add(new Item(p + "-jpeg70", SyntheticImages.jpeg(picture, 0.7f), b, "jpeg 70", null, b, t + 5));
            items.add(new Item(p + "-jpeg50", SyntheticImages.jpeg(picture, 0.5f), b, "jpeg 50", null, b, t + 6));
            items.add(new Item(p + "-half", SyntheticImages.jpeg(scaled(picture, SIZE / 2, SIZE / 2), 0.9f), b,
                    "resize 50 %", null, b, t + 7));
            items.add(new Item(p + "-wide", SyntheticImages.encode(scaled(picture, SIZE * 3 / 4, SIZE * 3 / 4), "png"),
                    b, "resize 75 %", null, b, t + 8));
            items.add(new Item(p + "-crop5", SyntheticImages.jpeg(crop(picture, 0.05, random), 0.9f), b,
                    "crop 5 % of area", null, b, t + 9));
            items.add(new Item(p + "-crop10", SyntheticImages.jpeg(crop(picture, 0.10, random), 0.9f), b,
                    "crop 10 % of area", null, b, t + 10));
            items.add(new Item(p + "-bright", SyntheticImages.jpeg(tone(picture, 1.0, 12), 0.9f), b, "brightness +12",
                    null, b, t + 11));
            items.add(new Item(p + "-contrast", SyntheticImages.jpeg(tone(picture, 0.88, 15), 0.9f), b,
                    "contrast 0.88", null, b, t + 12));
            items.add(new Item(p + "-rotated", withExifOrientation(SyntheticImages.jpeg(rotate90(picture), 0.9f), 8),
                    b, "exif-rotated", null, b, t + 13));
            Scene sameScene = scene;
            items.add(new Item(p + "-sibling", SyntheticImages.encode(
                    SceneRenderer.render(sameScene, SIZE, seed * 1000 + b + 500_000), "png"), -1 - b,
                    "same scene, redrawn", null, b, t + SIBLING_DELAY_MS));
            Scene otherShape = new Scene(scene.colour(), nextOf(Scene.SHAPES, scene.shape()), scene.pattern(),
                    scene.count(), scene.size(), scene.background());
            items.add(new Item(p + "-negative", SyntheticImages.encode(
                    SceneRenderer.render(otherShape, SIZE, seed * 1000 + b + 900_000), "png"), -100_000 - b,
                    "same colours and layout, other shape", null, -1, t + BASE_SPACING_MS / 2));
        }
        for (int u = 0; u < uniformFrames; u++) {
            items.add(new Item(String.format("u%03d", u), uniform(u, random), -1_000_000 - u, "near-uniform", null,
                    -1, u * 1000L));
        }
        return new DuplicateCorpus(items);
    }

    private static String nextOf(List<String> values, String value) {
        return values.get((values.indexOf(value) + 1) % values.size());
    }

    private static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /**
     * Cuts {@code areaFraction} of the area away (the same share of width and height), split at random between the
     * two sides of each axis.
     */
    private static BufferedImage crop(BufferedImage image, double areaFraction, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
        double side = 1 - Math.sqrt(1 - areaFraction);
        int cutX = (int) Math.round(w * side);
        int cutY = (int) Math.round(h * side);
        int left = random.nextInt(cutX + 1);
        int top = random.nextInt(cutY + 1);
        BufferedImage out = new BufferedImage(w - cutX, h - cutY, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, image.getRGB(x + left, y + top));
            }
        }
        return out;
    }

    /** Each channel c becomes contrast * (c - 128) + 128 + brightness, clamped. */
    private static BufferedImage tone(BufferedImage image, double contrast, int brightness) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int value = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int c = (rgb >> shift) & 0xFF;
                    int t = (int) Math.round(contrast * (c - 128) + 128 + brightness);
                    value |= Math.max(0, Math.min(255, t)) << shift;
                }
                out.setRGB(x, y, value);
            }
        }
        return out;
    }

    /** The picture turned 90 degrees clockwise (EXIF orientation 8 turns it back when decoded). */
    private static BufferedImage rotate90(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(h - 1 - y, x, image.getRGB(x, y));
            }
        }
        return out;
    }

    /** A frame of one colour with a little noise, as a JPEG or PNG. */
    private static byte[] uniform(int index, Random random) {
        int[][] colours = {{0, 0, 0}, {255, 255, 255}, {128, 128, 128}, {12, 10, 14}, {245, 244, 240},
                {30, 60, 120}, {200, 40, 40}, {60, 160, 60}};
        int[] colour = colours[index % colours.length];
        int noise = 1 + index % 4;
        int size = 96 + 16 * (index % 5);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int value = 0;
                for (int c = 0; c < 3; c++) {
                    int v = colour[c] + random.nextInt(2 * noise + 1) - noise;
                    value = value << 8 | Math.max(0, Math.min(255, v));
                }
                image.setRGB(x, y, value);
            }
        }
        return index % 2 == 0 ? SyntheticImages.jpeg(image, 0.85f) : SyntheticImages.encode(image, "png");
    }

    /** The PNG with a tEXt chunk after IHDR: other bytes, the same pixels. */
    static byte[] withTextChunk(byte[] png) {
        byte[] text = "Comment\0re-saved by a photo manager".getBytes(StandardCharsets.ISO_8859_1);
        int ihdrEnd = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        out.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
        byte[] typeAndData = new byte[4 + text.length];
        System.arraycopy("tEXt".getBytes(StandardCharsets.ISO_8859_1), 0, typeAndData, 0, 4);
        System.arraycopy(text, 0, typeAndData, 4, text.length);
        out.writeBytes(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }

    /** The JPEG with an EXIF APP1 segment carrying only an orientation, right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exif);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
