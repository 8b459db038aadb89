package io.clipstream.indexer.thumbnail;

import io.clipstream.model.image.RgbImage;
import java.util.Arrays;

/**
 * Shrinks an image by an integer factor, each output pixel the mean of a {@code factor x factor} block of the
 * input (the blocks of the last row and column may be smaller). One pass over the pixels, no aliasing.
 */
final class BoxReducer {

    private BoxReducer() {
    }

    static RgbImage reduce(RgbImage src, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be at least 1, got " + factor);
        }
        int inW = src.width();
        int inH = src.height();
        int outW = (inW + factor - 1) / factor;
        int outH = (inH + factor - 1) / factor;
        byte[] in = src.rgb();
        byte[] out = new byte[outW * outH * 3];
        int[] sums = new int[outW * 3];
        for (int oy = 0; oy < outH; oy++) {
            Arrays.fill(sums, 0);
            int y0 = oy * factor;
            int y1 = Math.min(y0 + factor, inH);
            for (int y = y0; y < y1; y++) {
                int p = y * inW * 3;
                for (int ox = 0, x = 0; ox < outW; ox++) {
                    int s = ox * 3;
                    for (int end = Math.min(x + factor, inW); x < end; x++, p += 3) {
                        sums[s] += in[p] & 0xFF;
                        sums[s + 1] += in[p + 1] & 0xFF;
                        sums[s + 2] += in[p + 2] & 0xFF;
                    }
                }
            }
            int rows = y1 - y0;
            int o = oy * outW * 3;
            for (int ox = 0; ox < outW; ox++) {
                int count = rows * (Math.min((ox + 1) * factor, inW) - ox * factor);
                int half = count / 2;
                int s = ox * 3;
                out[o + s] = (byte) ((sums[s] + half) / count);
                out[o + s + 1] = (byte) ((sums[s + 1] + half) / count);
                out[o + s + 2] = (byte) ((sums[s + 2] + half) / count);
            }
        }
        return new RgbImage(outW, outH, out);
    }
}
