package io.clipstream.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.Polygon;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/**
 * A deterministic photo-like picture: sky gradient over a wavy horizon, shaded objects with hard and soft edges,
 * thin strokes, then a multi-octave luminance texture and a faint sensor grain. Not noise: a JPEG codec sees
 * the smooth areas, edges and textured areas of a photograph. The scene is laid out in relative coordinates,
 * so a 12 MP picture is the same kind of scene at a higher resolution, as a camera would take it.
 */
final class PhotoScene {

    /** Written into the image folder's stamp: change it when the pictures change. */
    static final String VERSION = "photo-scene-1";

    private PhotoScene() {
    }

    static BufferedImage render(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        int[] horizon = horizon(width, height, random);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            int top = height / 8;
            g.setPaint(new GradientPaint(0, 0, sky(random), 0, height * 0.6f, sky(random).brighter()));
            g.fillRect(0, 0, width, height);
            Polygon ground = new Polygon();
            ground.addPoint(0, height);
            for (int x = 0; x < width; x += Math.max(1, width / 200)) {
                ground.addPoint(x, horizon[x]);
            }
            ground.addPoint(width - 1, horizon[width - 1]);
            ground.addPoint(width, height);
            g.setPaint(new GradientPaint(0, top, earth(random), 0, height, earth(random).darker()));
            g.fillPolygon(ground);
            int objects = 5 + random.nextInt(8);
            for (int i = 0; i < objects; i++) {
                drawObject(g, width, height, random);
            }
            int strokes = 2 + random.nextInt(5);
            for (int i = 0; i < strokes; i++) {
                g.setColor(new Color(random.nextInt(80), random.nextInt(80), random.nextInt(80)));
                g.setStroke(new BasicStroke(Math.max(1f, width * (0.0015f + random.nextFloat() * 0.004f)),
                        BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                int x = random.nextInt(width);
                int y = random.nextInt(height);
                g.drawLine(x, y, x + (int) ((random.nextFloat() - 0.5f) * width * 0.6f),
                        y + (int) ((random.nextFloat() - 0.5f) * height * 0.6f));
            }
        } finally {
            g.dispose();
        }
        texture(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), width, height, horizon, random);
        return image;
    }

    /** The ground line, three sines with random phases: y per column. */
    private static int[] horizon(int width, int height, Random random) {
        double base = height * (0.45 + random.nextDouble() * 0.2);
        double[] amp = {height * 0.06 * random.nextDouble(), height * 0.02, height * 0.006};
        double[] freq = {1 + random.nextInt(3), 5 + random.nextInt(6), 23 + random.nextInt(20)};
        double[] phase = {random.nextDouble() * 6.3, random.nextDouble() * 6.3, random.nextDouble() * 6.3};
        int[] y = new int[width];
        for (int x = 0; x < width; x++) {
            double t = (double) x / width * 2 * Math.PI;
            double v = base;
            for (int k = 0; k < 3; k++) {
                v += amp[k] * Math.sin(freq[k] * t + phase[k]);
            }
            y[x] = (int) Math.max(0, Math.min(height - 1, v));
        }
        return y;
    }

    private static void drawObject(Graphics2D g, int width, int height, Random random) {
        float w = width * (0.05f + random.nextFloat() * 0.35f);
        float h = height * (0.05f + random.nextFloat() * 0.4f);
        float x = random.nextFloat() * width - w / 4;
        float y = height * 0.2f + random.nextFloat() * height * 0.7f - h / 2;
        Color base = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
        switch (random.nextInt(3)) {
            case 0 -> {
                // A lit ball or bush: a radial gradient gives the soft shading of a rounded surface.
                float r = Math.max(w, h) / 2;
                g.setPaint(new RadialGradientPaint(new Point2D.Float(x + w * 0.35f, y + h * 0.3f), r,
                        new float[] {0f, 1f}, new Color[] {base.brighter(), base.darker().darker()},
                        MultipleGradientPaint.CycleMethod.NO_CYCLE));
                g.fillOval((int) x, (int) y, (int) w, (int) h);
            }
            case 1 -> {
                // A building or a box: hard edges, a linear light falloff.
                g.setPaint(new GradientPaint(x, y, base, x + w, y + h, base.darker()));
                g.fill(new RoundRectangle2D.Float(x, y, w, h, w * 0.05f, w * 0.05f));
                g.setColor(base.darker().darker());
                int windows = random.nextInt(6);
                for (int i = 0; i < windows; i++) {
                    g.fillRect((int) (x + w * (0.1f + 0.8f * random.nextFloat())),
                            (int) (y + h * (0.1f + 0.8f * random.nextFloat())), (int) (w * 0.08f) + 1,
                            (int) (h * 0.08f) + 1);
                }
            }
            default -> {
                // A mountain or a roof.
                Polygon p = new Polygon();
                p.addPoint((int) x, (int) (y + h));
                p.addPoint((int) (x + w * random.nextFloat()), (int) y);
                p.addPoint((int) (x + w), (int) (y + h));
                g.setPaint(new GradientPaint(x, y, base.brighter(), x, y + h, base.darker()));
                g.fillPolygon(p);
            }
        }
    }

    /**
     * Luminance texture, strong on the ground and objects, faint in the sky: five octaves of value noise from
     * an eighth of the picture down to a few pixels (the finest: foliage, fabric, gravel), plus a grain of a couple of levels.
     */
    private static void texture(byte[] bgr, int width, int height, int[] horizon, Random random) {
        int octaves = 5;
        float[][] lattices = new float[octaves][];
        int[] periods = new int[octaves];
        int[] cols = new int[octaves];
        int finest = Math.max(2, width / 1000);
        for (int o = 0; o < octaves; o++) {
            periods[o] = Math.max(finest, o == octaves - 1 ? finest : width / (8 << (2 * o)));
            cols[o] = width / periods[o] + 2;
            int rows = height / periods[o] + 2;
            float[] lattice = new float[cols[o] * rows];
            for (int i = 0; i < lattice.length; i++) {
                lattice[i] = random.nextFloat() * 2 - 1;
            }
            lattices[o] = lattice;
        }
        float[] weights = {0.35f, 0.2f, 0.15f, 0.15f, 0.3f};
        long grain = random.nextLong() | 1;
        float[] row = new float[width];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(row, 0f);
            for (int o = 0; o < octaves; o++) {
                int p = periods[o];
                int ly = y / p;
                float fy = smooth((y % p) / (float) p);
                float[] l = lattices[o];
                int r0 = ly * cols[o];
                int r1 = r0 + cols[o];
                float wgt = weights[o];
                for (int x = 0; x < width; x++) {
                    int lx = x / p;
                    float fx = smooth((x % p) / (float) p);
                    float top = l[r0 + lx] + (l[r0 + lx + 1] - l[r0 + lx]) * fx;
                    float bottom = l[r1 + lx] + (l[r1 + lx + 1] - l[r1 + lx]) * fx;
                    row[x] += wgt * (top + (bottom - top) * fy);
                }
            }
            int i = y * width * 3;
            for (int x = 0; x < width; x++, i += 3) {
                grain ^= grain << 13;
                grain ^= grain >>> 7;
                grain ^= grain << 17;
                float amplitude = y < horizon[x] ? 8f : 64f;
                int delta = Math.round(row[x] * amplitude) + (int) ((grain >>> 61) - 3);
                bgr[i] = clamp((bgr[i] & 0xff) + delta);
                bgr[i + 1] = clamp((bgr[i + 1] & 0xff) + delta);
                bgr[i + 2] = clamp((bgr[i + 2] & 0xff) + delta);
            }
        }
    }

    private static float smooth(float t) {
        return t * t * (3 - 2 * t);
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }

    private static Color sky(Random random) {
        return Color.getHSBColor(0.5f + random.nextFloat() * 0.17f, 0.2f + random.nextFloat() * 0.5f,
                0.55f + random.nextFloat() * 0.4f);
    }

    private static Color earth(Random random) {
        return Color.getHSBColor(0.08f + random.nextFloat() * 0.3f, 0.3f + random.nextFloat() * 0.5f,
                0.25f + random.nextFloat() * 0.45f);
    }
}
