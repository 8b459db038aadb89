package io.clipstream.model.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Converts whatever an ImageIO reader returned into 8-bit RGB with Pillow's {@code convert("RGB")} semantics:
 *
 * <ul>
 *   <li>alpha is dropped and the colour channels are kept as stored (no compositing, no premultiplication);</li>
 *   <li>gray becomes R = G = B with the stored value (Java's gray colour space is linear, so going through
 *       {@code getRGB} would brighten it; we read the samples instead);</li>
 *   <li>palette images take the palette colours, including for the transparent index;</li>
 *   <li>16-bit samples: a lone 16-bit gray channel is clamped to 255 (Pillow mode I;16 to RGB clips), every other
 *       16-bit layout keeps the high byte (Pillow unpacks RGB;16B, RGBA;16B, LA;16B that way);</li>
 *   <li>colour profiles are ignored: the samples are taken as they are, like Pillow does.</li>
 * </ul>
 *
 * The common layouts are read straight from the backing arrays; anything else goes through row-wise accessors.
 */
final class BufferedImageToRgb {

    private BufferedImageToRgb() {
    }

    static RgbImage convert(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        boolean done;
        if (cm instanceof IndexColorModel icm) {
            done = fromIndexed(raster, icm, out);
        } else if (cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()) {
            done = fromComponents(raster, cm, out);
        } else if (cm instanceof DirectColorModel dcm && !cm.isAlphaPremultiplied()) {
            done = fromPackedInts(raster, dcm, out);
        } else {
            done = false;
        }
        if (!done) {
            fromArgb(img, out);
        }
        return new RgbImage(w, h, out);
    }

    private static boolean fromIndexed(Raster raster, IndexColorModel icm, byte[] out) {
        int size = icm.getMapSize();
        // Palette padded to 256 entries: indices past the map read black, as in Pillow's zero-filled palette.
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        byte[] tmp = new byte[size];
        icm.getReds(tmp);
        System.arraycopy(tmp, 0, r, 0, Math.min(size, 256));
        icm.getGreens(tmp);
        System.arraycopy(tmp, 0, g, 0, Math.min(size, 256));
        icm.getBlues(tmp);
        System.arraycopy(tmp, 0, b, 0, Math.min(size, 256));
        int w = raster.getWidth();
        int h = raster.getHeight();
        RasterSamples.Layout layout = RasterSamples.layoutOf(raster);
        if (layout != null && raster.getDataBuffer() instanceof DataBufferByte dbb && raster.getNumBands() == 1) {
            byte[] data = dbb.getData();
            int o = 0;
            for (int y = 0; y < h; y++) {
                int p = layout.base() + y * layout.scanlineStride() + layout.bandOffsets()[0];
                for (int x = 0; x < w; x++, p += layout.pixelStride(), o += 3) {
                    int idx = data[p] & 0xFF;
                    out[o] = r[idx];
                    out[o + 1] = g[idx];
                    out[o + 2] = b[idx];
                }
            }
            return true;
        }
        if (raster.getNumBands() != 1
                || !(raster.getSampleModel() instanceof MultiPixelPackedSampleModel
                || raster.getDataBuffer() instanceof DataBufferUShort || raster.getDataBuffer() instanceof DataBufferByte)) {
            return false;
        }
        // Packed 1/2/4-bit indices (or other layouts): one row of samples at a time.
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++, o += 3) {
                int idx = row[x];
                if (idx < 0 || idx > 255) {
                    idx = 0;
                }
                out[o] = r[idx];
                out[o + 1] = g[idx];
                out[o + 2] = b[idx];
            }
        }
        return true;
    }

    private static boolean fromComponents(Raster raster, ColorModel cm, byte[] out) {
        int colours = cm.getNumColorComponents();
        int csType = cm.getColorSpace().getType();
        boolean gray = colours == 1 && csType == ColorSpace.TYPE_GRAY;
        boolean rgb = colours == 3 && csType == ColorSpace.TYPE_RGB;
        if (!gray && !rgb) {
            return false;
        }
        RasterSamples.Layout layout = RasterSamples.layoutOf(raster);
        if (layout == null) {
            return false;
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int ps = layout.pixelStride();
        int[] off = layout.bandOffsets();
        if (raster.getDataBuffer() instanceof DataBufferByte dbb) {
            byte[] data = dbb.getData();
            if (rgb && ps == 3 && off[0] == 0 && off[1] == 1 && off[2] == 2 && layout.scanlineStride() == w * 3) {
                System.arraycopy(data, layout.base(), out, 0, out.length);
                return true;
            }
            int o = 0;
            for (int y = 0; y < h; y++) {
                int p = layout.base() + y * layout.scanlineStride();
                if (gray) {
                    for (int x = 0; x < w; x++, p += ps, o += 3) {
                        byte v = data[p + off[0]];
                        out[o] = v;
                        out[o + 1] = v;
                        out[o + 2] = v;
                    }
                } else {
                    int r = off[0];
                    int g = off[1];
                    int b = off[2];
                    for (int x = 0; x < w; x++, p += ps, o += 3) {
                        out[o] = data[p + r];
                        out[o + 1] = data[p + g];
                        out[o + 2] = data[p + b];
                    }
                }
            }
            return true;
        }
        if (raster.getDataBuffer() instanceof DataBufferUShort dbs) {
            short[] data = dbs.getData();
            // Pillow: I;16 (lone 16-bit gray) clips to 255 when converted; all other 16-bit modes keep the high byte.
            boolean clampGray = gray && raster.getNumBands() == 1;
            int o = 0;
            for (int y = 0; y < h; y++) {
                int p = layout.base() + y * layout.scanlineStride();
                for (int x = 0; x < w; x++, p += ps, o += 3) {
                    if (gray) {
                        int v = data[p + off[0]] & 0xFFFF;
                        byte b8 = (byte) (clampGray ? Math.min(v, 255) : v >>> 8);
                        out[o] = b8;
                        out[o + 1] = b8;
                        out[o + 2] = b8;
                    } else {
                        out[o] = (byte) ((data[p + off[0]] & 0xFFFF) >>> 8);
                        out[o + 1] = (byte) ((data[p + off[1]] & 0xFFFF) >>> 8);
                        out[o + 2] = (byte) ((data[p + off[2]] & 0xFFFF) >>> 8);
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** TYPE_INT_RGB / INT_ARGB / INT_BGR: 8-bit fields in an int per pixel. */
    private static boolean fromPackedInts(Raster raster, DirectColorModel dcm, byte[] out) {
        if (!(raster.getDataBuffer() instanceof DataBufferInt dbi)
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel sppsm)
                || dbi.getNumBanks() != 1 || dcm.getColorSpace().getType() != ColorSpace.TYPE_RGB) {
            return false;
        }
        int rs = byteShift(dcm.getRedMask());
        int gs = byteShift(dcm.getGreenMask());
        int bs = byteShift(dcm.getBlueMask());
        if (rs < 0 || gs < 0 || bs < 0) {
            return false; // e.g. 5-6-5 fields: let the generic path scale them
        }
        int[] data = dbi.getData();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int tx = raster.getMinX() - raster.getSampleModelTranslateX();
        int ty = raster.getMinY() - raster.getSampleModelTranslateY();
        int stride = sppsm.getScanlineStride();
        int base = dbi.getOffset() + ty * stride + tx;
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * stride;
            for (int x = 0; x < w; x++, o += 3) {
                int v = data[p + x];
                out[o] = (byte) (v >>> rs);
                out[o + 1] = (byte) (v >>> gs);
                out[o + 2] = (byte) (v >>> bs);
            }
        }
        return true;
    }

    /** Shift of an 8-bit contiguous mask, or -1 if the mask is not exactly 8 contiguous bits. */
    private static int byteShift(int mask) {
        int shift = Integer.numberOfTrailingZeros(mask);
        return mask != 0 && (mask >>> shift) == 0xFF ? shift : -1;
    }

    /** Last resort for exotic layouts: Java's own ARGB conversion, one row at a time. */
    private static void fromArgb(BufferedImage img, byte[] out) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++, o += 3) {
                int v = row[x];
                out[o] = (byte) (v >>> 16);
                out[o + 1] = (byte) (v >>> 8);
                out[o + 2] = (byte) v;
            }
        }
    }
}
