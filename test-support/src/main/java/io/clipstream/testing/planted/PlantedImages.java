package io.clipstream.testing.planted;

import io.clipstream.testing.SyntheticImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws one image of a concept family: a dark, low-saturation background of random tint, the family's motif in its
 * colour (hue and brightness jittered per image), and pixel noise. Same family and seed, same pixels.
 */
public final class PlantedImages {

    public static final int SIZE = 224;

    private PlantedImages() {
    }

    public static BufferedImage draw(ConceptFamily family, long seed) {
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
        int[] pixels = image.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
        for (int i = 0; i < pixels.length; i++) {
            int noise = random.nextInt(21) - 10;
            int r = clamp((pixels[i] >> 16 & 0xff) + noise);
            int gr = clamp((pixels[i] >> 8 & 0xff) + noise);
            int b = clamp((pixels[i] & 0xff) + noise);
            pixels[i] = r << 16 | gr << 8 | b;
        }
        image.setRGB(0, 0, SIZE, SIZE, pixels, 0, SIZE);
        return image;
    }

    /** The image as a high-quality JPEG, the way a producer would publish it. */
    public static byte[] jpeg(ConceptFamily family, long seed) {
        return SyntheticImages.jpeg(draw(family, seed), 0.95f);
    }

    private static int jitter(Random random, int value, int amount) {
        return clamp(value + random.nextInt(2 * amount + 1) - amount);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
