package io.clipstream.trainer.planted;

import io.clipstream.model.image.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws one image of a concept family: a dark, low-saturation background of random tint, the family's motif in its
 * colour (hue and brightness jittered per image), and pixel noise.
 */
final class PlantedImages {

    static final int SIZE = 224;

    private PlantedImages() {
    }

    static RgbImage draw(ConceptFamily family, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int gray = 20 + random.nextInt(60);
            g.setColor(new Color(jitter(random, gray, 15), jitter(random, gray, 15), jitter(random, gray, 15)));
            g.fillRect(0, 0, SIZE, SIZE);
            Color c = family.color();
            g.setColor(new Color(jitter(random, c.getRed(), 25), jitter(random, c.getGreen(), 25),
                    jitter(random, c.getBlue(), 25)));
            family.motif().draw(g, random, SIZE);
        } finally {
            g.dispose();
        }
        byte[] rgb = new byte[SIZE * SIZE * 3];
        int[] pixels = image.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
        for (int i = 0; i < pixels.length; i++) {
            int noise = random.nextInt(21) - 10;
            rgb[3 * i] = (byte) clamp((pixels[i] >> 16 & 0xff) + noise);
            rgb[3 * i + 1] = (byte) clamp((pixels[i] >> 8 & 0xff) + noise);
            rgb[3 * i + 2] = (byte) clamp((pixels[i] & 0xff) + noise);
        }
        return new RgbImage(SIZE, SIZE, rgb);
    }

    private static int jitter(Random random, int value, int amount) {
        return clamp(value + random.nextInt(2 * amount + 1) - amount);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
