package io.clipstream.model.image;

import java.util.Objects;

/**
 * The result of {@link ImageDecoder#decode(byte[], int)}.
 *
 * @param image            upright RGB pixels, possibly scaled down by {@code scaleDenominator}
 * @param originalWidth    width of the upright image at full scale (what the indexer records)
 * @param originalHeight   height of the upright image at full scale
 * @param format           the format sniffed from the magic bytes, so callers never sniff again
 * @param scaleDenominator 1, 2, 4 or 8: {@code image} is the full image decoded at 1/scaleDenominator
 * @param decoder          which decoder produced the pixels
 */
public record DecodedImage(RgbImage image, int originalWidth, int originalHeight, ImageFormat format,
                           int scaleDenominator, Decoder decoder) {

    /** The decoder that ran. */
    public enum Decoder {
        /** libjpeg-turbo through OpenCV's imdecode: the JPEG fast path, the only one that scales. */
        LIBJPEG_TURBO,
        /** ImageIO with TwelveMonkeys (JPEG, WebP) or the JDK's readers (PNG, GIF, BMP). */
        IMAGE_IO
    }

    public DecodedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(decoder, "decoder");
        if (scaleDenominator != 1 && scaleDenominator != 2 && scaleDenominator != 4 && scaleDenominator != 8) {
            throw new IllegalArgumentException("scaleDenominator must be 1, 2, 4 or 8, got " + scaleDenominator);
        }
        if (originalWidth < image.width() || originalHeight < image.height()) {
            throw new IllegalArgumentException("original size " + originalWidth + "x" + originalHeight
                    + " is smaller than the decoded " + image.width() + "x" + image.height());
        }
    }
}
