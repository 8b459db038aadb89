package io.clipstream.testing.shapes;

import io.clipstream.testing.SyntheticImages;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws a {@link Scene} the way models/trained-tiny/world.py's {@code render} does: the same textured backgrounds,
 * object sizes, colours, second pattern shade, placement rule and pattern geometry, with Java's random numbers in
 * place of NumPy's (so the pixels differ from Python's for the same seed, their distribution does not). Java tests
 * get any number of pictures of that world without Python; {@code ShapeWorldRenderingTest} checks that the trained
 * model recognises them as well as the pictures Python drew.
 */
public final class SceneRenderer {

    private static final Map<String, int[]> COLOURS = Map.of("red", new int[] {210, 35, 40},
            "orange", new int[] {245, 130, 20}, "yellow", new int[] {240, 215, 35}, "green", new int[] {35, 165, 60},
            "blue", new int[] {35, 85, 215}, "purple", new int[] {125, 55, 175}, "pink", new int[] {240, 125, 190});
    private static final Map<String, float[]> BACKGROUNDS = Map.of("grass", new float[] {70, 125, 45},
            "sand", new float[] {222, 196, 140}, "snow", new float[] {238, 242, 248},
            "sky", new float[] {150, 195, 240}, "night", new float[] {18, 22, 48});

    /** The JPEG quality of {@link #jpeg}. */
    public static final float JPEG_QUALITY = 0.9f;

    private SceneRenderer() {
    }

    /** The scene as a {@code size} x {@code size} RGB picture; same scene, size and seed, same pixels. */
    public static BufferedImage render(Scene scene, int size, long seed) {
        Random rng = new Random(seed);
        float[] img = background(scene.background(), size, rng);
        double frac = scene.size().equals("small") ? uniform(rng, 0.09, 0.12) : uniform(rng, 0.19, 0.23);
        if (scene.count() == 3 && scene.size().equals("large")) {
            frac *= 0.92;
        }
        double radius = frac * size;
        int[] colour = COLOURS.get(scene.colour());
        float[] base = new float[3];
        float[] second = new float[3];
        boolean lighter = scene.colour().equals("purple") || scene.colour().equals("blue");
        for (int c = 0; c < 3; c++) {
            base[c] = (float) (colour[c] + uniform(rng, -14, 14));
            second[c] = lighter ? Math.min(base[c] + 90, 255) : base[c] * 0.55f;
        }
        for (double[] centre : positions(scene.count(), radius, size, rng)) {
            double angle = scene.shape().equals("circle") ? 0 : uniform(rng, -0.25, 0.25);
            double patternAngle = uniform(rng, -0.3, 0.3);
            drawObject(img, size, scene, centre[0], centre[1], radius, angle, patternAngle, base, second);
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int i = 0, p = 0; i < size * size; i++, p += 3) {
            image.setRGB(i % size, i / size, channel(img[p]) << 16 | channel(img[p + 1]) << 8 | channel(img[p + 2]));
        }
        return image;
    }

    /** The catalogue picture, at {@link ShapeCatalogue#PICTURE_SIZE}. */
    public static BufferedImage render(ShapeCatalogue.Picture picture) {
        return render(picture.scene(), ShapeCatalogue.PICTURE_SIZE, picture.seed());
    }

    /** Interleaved RGB bytes, row by row: what an image decoder hands the model's preprocessing. */
    public static byte[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < pixels.length; i++) {
            rgb[3 * i] = (byte) (pixels[i] >> 16);
            rgb[3 * i + 1] = (byte) (pixels[i] >> 8);
            rgb[3 * i + 2] = (byte) pixels[i];
        }
        return rgb;
    }

    /** The picture as a JPEG (quality 0.9), as a user's file would be. */
    public static byte[] jpeg(Scene scene, int size, long seed) {
        return SyntheticImages.jpeg(render(scene, size, seed), JPEG_QUALITY);
    }

    private static float[] background(String kind, int size, Random rng) {
        float[] base = BACKGROUNDS.get(kind);
        float[] img = new float[size * size * 3];
        for (int i = 0; i < size * size; i++) {
            System.arraycopy(base, 0, img, 3 * i, 3);
        }
        switch (kind) {
            case "grass" -> {
                for (int i = 0; i < size * size; i++) {
                    add(img, i, (float) (rng.nextGaussian() * 14), 0.6f, 1f, 0.4f);
                }
                int blades = Math.max(40, size * 2);
                int length = Math.max(3, size / 16);
                for (int b = 0; b < blades; b++) {
                    int x = rng.nextInt(size);
                    int y = rng.nextInt(size);
                    float shade = (float) uniform(rng, -35, 25);
                    for (int yy = Math.max(0, y - length); yy < y; yy++) {
                        add(img, yy * size + x, shade, 0.5f, 1f, 0.3f);
                    }
                }
            }
            case "sand" -> {
                double phase = uniform(rng, 0, 6);
                double wave = Math.max(2.0, size / 18.0);
                for (int i = 0; i < size * size; i++) {
                    float v = (float) (rng.nextGaussian() * 10 + 6 * Math.sin((i / size) / wave + phase));
                    add(img, i, v, 1f, 1f, 1f);
                }
            }
            case "snow" -> {
                for (int i = 0; i < size * size; i++) {
                    add(img, i, (float) (rng.nextGaussian() * 5), 1f, 1f, 1f);
                    if (rng.nextDouble() < 0.01) {
                        set(img, i, 205, 215, 235);
                    }
                }
            }
            case "sky" -> {
                for (int i = 0; i < size * size; i++) {
                    float t = size == 1 ? -25 : (float) (-25 + 50.0 * (i / size) / (size - 1));
                    add(img, i, t, 0.6f, 0.5f, 0.2f);
                }
                for (int cloud = 0, clouds = 2 + rng.nextInt(3); cloud < clouds; cloud++) {
                    double cx = uniform(rng, 0, size);
                    double cy = uniform(rng, 0, size * 0.8);
                    double r = uniform(rng, size * 0.06, size * 0.14);
                    for (double dx : new double[] {-r, 0, r}) {
                        for (int y = 0; y < size; y++) {
                            for (int x = 0; x < size; x++) {
                                double ex = x - cx - dx;
                                double ey = y - cy;
                                if (ex * ex + ey * ey < (r * 1.1) * (r * 1.1)) {
                                    int p = 3 * (y * size + x);
                                    img[p] = img[p] * 0.3f + 250 * 0.7f;
                                    img[p + 1] = img[p + 1] * 0.3f + 250 * 0.7f;
                                    img[p + 2] = img[p + 2] * 0.3f + 252 * 0.7f;
                                }
                            }
                        }
                    }
                }
            }
            case "night" -> {
                for (int i = 0; i < size * size; i++) {
                    add(img, i, (float) (rng.nextGaussian() * 4), 1f, 1f, 1f);
                    if (rng.nextDouble() < 0.004) {
                        set(img, i, 235, 235, 210);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown background " + kind);
        }
        return img;
    }

    private static void drawObject(float[] img, int size, Scene scene, double cx, double cy, double r, double angle,
                                   double patternAngle, float[] base, float[] second) {
        Path2D outline = scene.shape().equals("circle") ? null : polygon(scene.shape(), cx, cy, r, angle);
        double reach = r * 1.4;
        int x0 = Math.max(0, (int) (cx - reach));
        int y0 = Math.max(0, (int) (cy - reach));
        int x1 = Math.min(size, (int) (cx + reach) + 1);
        int y1 = Math.min(size, (int) (cy + reach) + 1);
        double period = Math.max(3.0, r / 1.6);
        double ca = Math.cos(patternAngle);
        double sa = Math.sin(patternAngle);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                boolean inside = outline == null
                        ? (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r
                        : outline.contains(x, y);
                if (!inside) {
                    continue;
                }
                double u = (x - cx) * ca + (y - cy) * sa;
                double v = -(x - cx) * sa + (y - cy) * ca;
                float[] fill = secondShade(scene.pattern(), u, v, period) ? second : base;
                set(img, y * size + x, fill[0], fill[1], fill[2]);
            }
        }
    }

    /** Where world.py's pattern mask is 1: the pattern's second shade. */
    private static boolean secondShade(String pattern, double u, double v, double period) {
        return switch (pattern) {
            case "plain" -> false;
            case "striped" -> Math.floorMod((long) Math.floor((u + v) / period), 2) == 0;
            case "checkered" -> Math.floorMod((long) (Math.floor(u / period) + Math.floor(v / period)), 2) == 0;
            case "dotted" -> {
                double gu = u / period - Math.rint(u / period);
                double gv = v / period - Math.rint(v / period);
                yield gu * gu + gv * gv < 0.09;
            }
            default -> throw new IllegalArgumentException("unknown pattern " + pattern);
        };
    }

    private static Path2D polygon(String shape, double cx, double cy, double r, double angle) {
        List<double[]> points = new ArrayList<>();
        switch (shape) {
            case "square" -> {
                for (int k = 0; k < 4; k++) {
                    double a = angle + Math.PI / 4 + k * Math.PI / 2;
                    points.add(new double[] {Math.cos(a) * 1.27, Math.sin(a) * 1.27});
                }
            }
            case "triangle" -> {
                for (int k = 0; k < 3; k++) {
                    double a = angle - Math.PI / 2 + k * 2 * Math.PI / 3;
                    points.add(new double[] {Math.cos(a) * 1.1, Math.sin(a) * 1.1 + 0.15});
                }
            }
            case "hexagon" -> {
                for (int k = 0; k < 6; k++) {
                    double a = angle + k * Math.PI / 3;
                    points.add(new double[] {Math.cos(a), Math.sin(a)});
                }
            }
            case "star" -> {
                for (int k = 0; k < 10; k++) {
                    double rad = k % 2 == 0 ? 1.05 : 0.45;
                    double a = angle - Math.PI / 2 + k * Math.PI / 5;
                    points.add(new double[] {Math.cos(a) * rad, Math.sin(a) * rad});
                }
            }
            case "cross" -> {
                double t = 0.36;
                double[][] corners = {{-t, -1}, {t, -1}, {t, -t}, {1, -t}, {1, t}, {t, t}, {t, 1}, {-t, 1}, {-t, t},
                        {-1, t}, {-1, -t}, {-t, -t}};
                double ca = Math.cos(angle);
                double sa = Math.sin(angle);
                for (double[] p : corners) {
                    points.add(new double[] {p[0] * ca - p[1] * sa, p[0] * sa + p[1] * ca});
                }
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            double x = cx + points.get(i)[0] * r;
            double y = cy + points.get(i)[1] * r;
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }

    /** Centres for {@code count} objects apart from each other and inside the picture; world.py's rule. */
    private static List<double[]> positions(int count, double radius, int size, Random rng) {
        double margin = radius * 1.05;
        for (int attempt = 0; attempt < 200; attempt++) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                points.add(new double[] {uniform(rng, margin, size - margin), uniform(rng, margin, size - margin)});
            }
            if (apart(points, 2.05 * radius)) {
                return points;
            }
        }
        double[][] layout = switch (count) {
            case 1 -> new double[][] {{0.5, 0.5}};
            case 2 -> new double[][] {{0.27, 0.5}, {0.73, 0.5}};
            default -> new double[][] {{0.27, 0.28}, {0.73, 0.28}, {0.5, 0.74}};
        };
        List<double[]> points = new ArrayList<>();
        for (double[] p : layout) {
            points.add(new double[] {p[0] * size, p[1] * size});
        }
        return points;
    }

    private static boolean apart(List<double[]> points, double distance) {
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                if (Math.hypot(points.get(i)[0] - points.get(j)[0], points.get(i)[1] - points.get(j)[1])
                        <= distance) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double uniform(Random rng, double from, double to) {
        return from + (to - from) * rng.nextDouble();
    }

    private static void add(float[] img, int pixel, float value, float r, float g, float b) {
        img[3 * pixel] += value * r;
        img[3 * pixel + 1] += value * g;
        img[3 * pixel + 2] += value * b;
    }

    private static void set(float[] img, int pixel, float r, float g, float b) {
        img[3 * pixel] = r;
        img[3 * pixel + 1] = g;
        img[3 * pixel + 2] = b;
    }

    private static int channel(float value) {
        return Math.max(0, Math.min(255, Math.round(value)));
    }
}
