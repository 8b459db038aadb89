package io.clipstream.model.image;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Direct access to a raster's backing array when its layout is the simple one decoders produce (one bank,
 * pixel-interleaved, origin at 0,0), so conversions can index the array instead of calling per-pixel accessors.
 */
final class RasterSamples {

    private RasterSamples() {
    }

    /**
     * Layout of a single-bank component raster: sample of band {@code b} at (x, y) lives at
     * {@code base + y * scanlineStride + x * pixelStride + bandOffsets[b]}.
     */
    record Layout(int base, int pixelStride, int scanlineStride, int[] bandOffsets) {
    }

    /** The layout when the raster is a plain single-bank component raster, otherwise null. */
    static Layout layoutOf(Raster raster) {
        SampleModel sm = raster.getSampleModel();
        if (!(sm instanceof ComponentSampleModel csm)) {
            return null;
        }
        DataBuffer db = raster.getDataBuffer();
        if (db.getNumBanks() != 1) {
            return null;
        }
        for (int bank : csm.getBankIndices()) {
            if (bank != 0) {
                return null;
            }
        }
        // A child raster shares its parent's buffer; the translate tells where (minX, minY) lives in it.
        int tx = raster.getMinX() - raster.getSampleModelTranslateX();
        int ty = raster.getMinY() - raster.getSampleModelTranslateY();
        int base = db.getOffset() + ty * csm.getScanlineStride() + tx * csm.getPixelStride();
        return new Layout(base, csm.getPixelStride(), csm.getScanlineStride(), csm.getBandOffsets());
    }

    /**
     * All bands of a byte raster packed as {@code numBands} bytes per pixel, rows without padding. Returns the
     * backing array itself when it already has exactly that layout (the usual case), otherwise a copy.
     */
    static byte[] packedBytes(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        if (raster.getDataBuffer() instanceof DataBufferByte dbb) {
            Layout layout = layoutOf(raster);
            if (layout != null) {
                byte[] data = dbb.getData();
                boolean identityOffsets = true;
                for (int b = 0; b < bands; b++) {
                    identityOffsets &= layout.bandOffsets()[b] == b;
                }
                if (identityOffsets && layout.base() == 0 && layout.pixelStride() == bands
                        && layout.scanlineStride() == w * bands && data.length == w * h * bands) {
                    return data;
                }
                byte[] out = new byte[w * h * bands];
                int o = 0;
                for (int y = 0; y < h; y++) {
                    int row = layout.base() + y * layout.scanlineStride();
                    for (int x = 0; x < w; x++) {
                        int p = row + x * layout.pixelStride();
                        for (int b = 0; b < bands; b++) {
                            out[o++] = data[p + layout.bandOffsets()[b]];
                        }
                    }
                }
                return out;
            }
        }
        // Unusual layout: go through the sample accessors, one row at a time.
        byte[] out = new byte[w * h * bands];
        int[] row = new int[w * bands];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int v : row) {
                out[o++] = (byte) v;
            }
        }
        return out;
    }
}
