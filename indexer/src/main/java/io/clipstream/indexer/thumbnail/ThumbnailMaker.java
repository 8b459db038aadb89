package io.clipstream.indexer.thumbnail;

import io.clipstream.model.image.AreaResize;
import io.clipstream.model.image.BicubicResampler;
import io.clipstream.model.image.JpegEncoder;
import io.clipstream.model.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a decoded image into a small JPEG whose longer side is at most {@code maxSidePx} and whose size is at
 * most {@code maxBytes}: the bound keeps every record of the thumbnails topic small whatever the upload was.
 * Images already small enough are not enlarged. Encoded by libjpeg-turbo ({@link JpegEncoder}). Thread-safe.
 */
public final class ThumbnailMaker {

    /** Qualities tried, after the configured one, when a thumbnail does not fit in {@code maxBytes}. */
    private static final float[] FALLBACK_QUALITIES = {0.6f, 0.45f, 0.3f};

    private final int maxSidePx;
    private final float quality;
    private final int maxBytes;
    private final BicubicResampler resampler = new BicubicResampler();

    public ThumbnailMaker(int maxSidePx, float quality, int maxBytes) {
        if (maxSidePx < 1) {
            throw new IllegalArgumentException("max side must be at least 1 pixel, got " + maxSidePx);
        }
        if (!(quality > 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max bytes must be positive, got " + maxBytes);
        }
        this.maxSidePx = maxSidePx;
        this.quality = quality;
        this.maxBytes = maxBytes;
    }

    /**
     * The thumbnail at the configured quality, or at the first lower one that fits; empty when even the lowest
     * quality does not fit in {@code maxBytes}.
     */
    public Optional<Thumbnail> make(RgbImage image) {
        RgbImage small = shrink(image);
        for (float q : qualities()) {
            byte[] jpeg = JpegEncoder.encode(small, Math.round(q * 100));
            if (jpeg.length <= maxBytes) {
                return Optional.of(new Thumbnail(jpeg, small.width(), small.height(), q));
            }
        }
        return Optional.empty();
    }

    /** Output size: the longer side becomes {@code maxSidePx} (never larger than the input), aspect ratio kept. */
    static int[] targetSize(int width, int height, int maxSidePx) {
        int longer = Math.max(width, height);
        if (longer <= maxSidePx) {
            return new int[] {width, height};
        }
        double scale = (double) maxSidePx / longer;
        int w = width >= height ? maxSidePx : (int) Math.max(1, Math.round(width * scale));
        int h = height > width ? maxSidePx : (int) Math.max(1, Math.round(height * scale));
        return new int[] {w, h};
    }

    private List<Float> qualities() {
        List<Float> out = new ArrayList<>(List.of(quality));
        for (float q : FALLBACK_QUALITIES) {
            if (q < quality) {
                out.add(q);
            }
        }
        return out;
    }

    /**
     * Pixel-area averaging through OpenCV where its natives load. Otherwise large images are first averaged over
     * whole blocks (cheap, and every source pixel counts) down to no less than twice the target size and the
     * antialiased bicubic resampler does the rest, as Pillow's {@code Image.thumbnail} does with its default
     * {@code reducing_gap=2.0}.
     */
    private RgbImage shrink(RgbImage image) {
        int[] target = targetSize(image.width(), image.height(), maxSidePx);
        if (target[0] == image.width() && target[1] == image.height()) {
            return image;
        }
        return AreaResize.shrink(image, target[0], target[1]).orElseGet(() -> {
            int factor = Math.min(image.width() / (2 * target[0]), image.height() / (2 * target[1]));
            RgbImage reduced = factor >= 2 ? BoxReducer.reduce(image, factor) : image;
            return resampler.resize(reduced, target[0], target[1]);
        });
    }
}
