package io.clipstream.model.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Objects;

/**
 * Turns decoded RGB into the normalised channel-first float tensor a CLIP/SigLIP image encoder expects,
 * reproducing Hugging Face's PIL-based image processors (CLIPImageProcessor / SiglipImageProcessor with the PIL
 * backend) value for value:
 *
 * <ul>
 *   <li>resize with Pillow bicubic ({@link BicubicResampler}, bit-exact);</li>
 *   <li>CLIP: {@code get_resize_output_image_size}: the short side becomes {@code shortestEdge}, the long side
 *       {@code int(shortestEdge * long / short)} (true division in double, truncated); then {@code center_crop}
 *       with {@code top = (h - cropH) // 2}, {@code left = (w - cropW) // 2} (floor), zero padding where the
 *       resized image is smaller than the crop (transformers pads with 0 before rescaling, so padded pixels
 *       normalise to {@code -mean / std});</li>
 *   <li>rescale: {@code (float32)(v * rescaleFactor)} with the product in double, as numpy does on float64
 *       input before the cast; normalise: {@code (x - mean[c]) / std[c]} in float32.</li>
 * </ul>
 *
 * Thread-safe and allocation-light: the normalisation is a 3 x 256 lookup table computed once.
 */
public final class ImagePreprocessor {

    private final PreprocessSpec spec;
    private final BicubicResampler resampler = new BicubicResampler();
    /** normalised[c * 256 + v]: the exact float32 transformers produces for channel c, value v. */
    private final float[] normalised;
    /** The same values as float16 bits, for half-precision graphs. */
    private final short[] normalisedHalf;

    public ImagePreprocessor(PreprocessSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.normalised = spec.normalisationTable();
        this.normalisedHalf = new short[normalised.length];
        for (int i = 0; i < normalised.length; i++) {
            normalisedHalf[i] = Float.floatToFloat16(normalised[i]);
        }
    }

    public PreprocessSpec spec() {
        return spec;
    }

    /** The resized (and for CLIP, centre-cropped) image, cropWidth x cropHeight, before normalisation. */
    public RgbImage resizeAndCrop(RgbImage img) {
        Objects.requireNonNull(img, "img");
        Plan plan = plan(img);
        if (plan.isWholeResize()) {
            return resampler.resize(img, plan.resizedW, plan.resizedH);
        }
        if (plan.isPlainCrop()) {
            RgbImage resized = resampler.resize(img, plan.resizedW, plan.resizedH);
            return crop(resized, plan.offsetX, plan.offsetY, spec.cropWidth(), spec.cropHeight());
        }
        return padded(img, plan);
    }

    /**
     * The resized (and for CLIP, centre-cropped) window written into {@code dst}, exactly
     * {@code cropWidth * cropHeight * 3} bytes of packed RGB, without allocating it (callers reuse one per thread):
     * only the window is computed. Returns an image backed by {@code dst}.
     */
    public RgbImage resizeAndCropInto(RgbImage img, byte[] dst) {
        Objects.requireNonNull(img, "img");
        int cropW = spec.cropWidth();
        int cropH = spec.cropHeight();
        if (dst.length != cropW * cropH * 3) {
            throw new IllegalArgumentException("the window needs " + cropW * cropH * 3 + " bytes, got " + dst.length);
        }
        Plan plan = plan(img);
        if (plan.isPlainCrop()) {
            resampler.resizeCroppedInto(img, plan.resizedW, plan.resizedH, Math.max(0, plan.offsetX),
                    Math.max(0, plan.offsetY), cropW, cropH, dst, 0);
        } else {
            RgbImage padded = padded(img, plan);
            System.arraycopy(padded.rgb(), 0, dst, 0, cropW * cropH * 3);
        }
        return new RgbImage(cropW, cropH, dst);
    }

    /** Writes the normalised 3 x cropHeight x cropWidth tensor of an already resized/cropped image. */
    public void toChw(RgbImage img, float[] out, int offset) {
        Objects.requireNonNull(img, "img");
        Objects.requireNonNull(out, "out");
        if (img.width() != spec.cropWidth() || img.height() != spec.cropHeight()) {
            throw new IllegalArgumentException("expected a " + spec.cropWidth() + "x" + spec.cropHeight()
                    + " image, got " + img.width() + "x" + img.height() + "; call resizeAndCrop first");
        }
        Objects.checkFromIndexSize(offset, spec.tensorSize(), out.length);
        int plane = img.width() * img.height();
        byte[] rgb = img.rgb();
        float[] lut = normalised;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out[offset + i] = lut[rgb[p] & 0xFF];
            out[offset + plane + i] = lut[256 + (rgb[p + 1] & 0xFF)];
            out[offset + 2 * plane + i] = lut[512 + (rgb[p + 2] & 0xFF)];
        }
    }

    /**
     * Writes an already resized/cropped image as one image of an encoder's input tensor, in {@code format}, at
     * byte {@code offset} of {@code dst} (absolute writes: the buffer's position and limit are left alone).
     */
    public void toTensor(RgbImage img, PixelFormat format, ByteBuffer dst, int offset) {
        Objects.requireNonNull(img, "img");
        Objects.requireNonNull(format, "format");
        if (img.width() != spec.cropWidth() || img.height() != spec.cropHeight()) {
            throw new IllegalArgumentException("expected a " + spec.cropWidth() + "x" + spec.cropHeight()
                    + " image, got " + img.width() + "x" + img.height() + "; call resizeAndCrop first");
        }
        int bytes = format.bytesPerImage(img.height(), img.width());
        Objects.checkFromIndexSize(offset, bytes, dst.capacity());
        ByteBuffer target = dst.slice(offset, bytes).order(ByteOrder.nativeOrder());
        int plane = img.width() * img.height();
        byte[] rgb = img.rgb();
        switch (format) {
            case FLOAT32_CHW -> {
                FloatBuffer out = target.asFloatBuffer();
                float[] lut = normalised;
                for (int i = 0, p = 0; i < plane; i++, p += 3) {
                    out.put(i, lut[rgb[p] & 0xFF]);
                    out.put(plane + i, lut[256 + (rgb[p + 1] & 0xFF)]);
                    out.put(2 * plane + i, lut[512 + (rgb[p + 2] & 0xFF)]);
                }
            }
            case FLOAT16_CHW -> {
                ShortBuffer out = target.asShortBuffer();
                short[] lut = normalisedHalf;
                for (int i = 0, p = 0; i < plane; i++, p += 3) {
                    out.put(i, lut[rgb[p] & 0xFF]);
                    out.put(plane + i, lut[256 + (rgb[p + 1] & 0xFF)]);
                    out.put(2 * plane + i, lut[512 + (rgb[p + 2] & 0xFF)]);
                }
            }
            case UINT8_CHW -> {
                for (int i = 0, p = 0; i < plane; i++, p += 3) {
                    target.put(i, rgb[p]);
                    target.put(plane + i, rgb[p + 1]);
                    target.put(2 * plane + i, rgb[p + 2]);
                }
            }
            case UINT8_HWC -> target.put(0, rgb, 0, rgb.length);
        }
    }

    /** {@link #resizeAndCrop} then {@link #toChw} into a new array. */
    public float[] preprocess(RgbImage img) {
        float[] out = new float[spec.tensorSize()];
        preprocessInto(img, out, 0);
        return out;
    }

    /**
     * Decoded image straight to the tensor at {@code out[offset ..]}: only the cropped window of the resized
     * image is ever computed.
     */
    public void preprocessInto(RgbImage img, float[] out, int offset) {
        Objects.requireNonNull(img, "img");
        Objects.requireNonNull(out, "out");
        Objects.checkFromIndexSize(offset, spec.tensorSize(), out.length);
        Plan plan = plan(img);
        RgbImage window;
        if (plan.isWholeResize()) {
            window = resampler.resize(img, plan.resizedW, plan.resizedH);
        } else if (plan.isPlainCrop()) {
            window = resampler.resizeCropped(img, plan.resizedW, plan.resizedH, plan.offsetX, plan.offsetY,
                    spec.cropWidth(), spec.cropHeight());
        } else {
            window = padded(img, plan);
        }
        toChw(window, out, offset);
    }

    /**
     * Resize target and crop offset. The offset may be negative (image smaller than the crop) which means
     * padding, exactly like transformers' center_crop.
     */
    private record Plan(int resizedW, int resizedH, int offsetX, int offsetY, int cropW, int cropH) {
        boolean isWholeResize() {
            return offsetX == 0 && offsetY == 0 && resizedW == cropW && resizedH == cropH;
        }

        boolean isPlainCrop() {
            return offsetX >= 0 && offsetY >= 0 && offsetX + cropW <= resizedW && offsetY + cropH <= resizedH;
        }
    }

    private Plan plan(RgbImage img) {
        int cropW = spec.cropWidth();
        int cropH = spec.cropHeight();
        if (spec.mode() == ResizeMode.SQUASH) {
            return new Plan(cropW, cropH, 0, 0, cropW, cropH);
        }
        int w = img.width();
        int h = img.height();
        int size = spec.shortestEdge();
        int newW;
        int newH;
        // transformers: short, long = (w, h) if w <= h else (h, w); new_long = int(size * long / short)
        if (w <= h) {
            newW = size;
            newH = (int) ((double) ((long) size * h) / w);
        } else {
            newH = size;
            newW = (int) ((double) ((long) size * w) / h);
        }
        return new Plan(newW, newH, Math.floorDiv(newW - cropW, 2), Math.floorDiv(newH - cropH, 2), cropW, cropH);
    }

    /** Crop window partly outside the resized image: resize whole, then copy into a zero-filled crop. */
    private RgbImage padded(RgbImage img, Plan plan) {
        RgbImage resized = resampler.resize(img, plan.resizedW, plan.resizedH);
        byte[] out = new byte[plan.cropW * plan.cropH * 3];
        int x0 = Math.max(0, plan.offsetX);
        int x1 = Math.min(plan.resizedW, plan.offsetX + plan.cropW);
        int y0 = Math.max(0, plan.offsetY);
        int y1 = Math.min(plan.resizedH, plan.offsetY + plan.cropH);
        byte[] src = resized.rgb();
        for (int y = y0; y < y1; y++) {
            System.arraycopy(src, (y * plan.resizedW + x0) * 3, out,
                    ((y - plan.offsetY) * plan.cropW + (x0 - plan.offsetX)) * 3, (x1 - x0) * 3);
        }
        return new RgbImage(plan.cropW, plan.cropH, out);
    }

    private static RgbImage crop(RgbImage src, int x, int y, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(src.rgb(), ((y + row) * src.width() + x) * 3, out, row * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
