package io.clipstream.model.image;

/**
 * Turns the raw component samples of a JPEG (as stored, before any colour conversion) into RGB exactly the way
 * Pillow ends up doing it, so that embedded ICC profiles and CMYK handling match the reference preprocessors:
 *
 * <ul>
 *   <li>YCbCr: libjpeg's integer YCC-to-RGB tables (jdcolor.c, 16 fraction bits), which libjpeg-turbo, used by
 *       Pillow, reproduces bit for bit.</li>
 *   <li>Embedded ICC profiles are ignored, as Pillow ignores them (TwelveMonkeys' {@code read()} would convert
 *       them to sRGB, which is why we read the raw raster instead).</li>
 *   <li>CMYK: Pillow always unpacks 4-channel JPEGs as "CMYK;I" (Adobe inverted polarity) and then converts with
 *       its naive {@code cmyk2rgb} (no profile); YCCK is first turned into CMYK the way libjpeg does.</li>
 * </ul>
 */
final class JpegColorConversion {

    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        // libjpeg build_ycc_rgb_table: FIX(x) = (INT32) (x * 65536 + 0.5)
        int fix1402 = fix(1.40200);
        int fix1772 = fix(1.77200);
        int fix071414 = fix(0.71414);
        int fix034414 = fix(0.34414);
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix1402 * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix1772 * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix071414 * x;
            CB_G[i] = -fix034414 * x + ONE_HALF;
        }
    }

    private JpegColorConversion() {
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    /** Converts packed, interleaved samples ({@code components} bytes per pixel) to RGB in place of a new array. */
    static byte[] toRgb(byte[] samples, int pixels, JpegHeader.ColorSpace colorSpace) {
        byte[] out = new byte[pixels * 3];
        switch (colorSpace) {
            case GRAY -> {
                for (int i = 0, o = 0; i < pixels; i++, o += 3) {
                    byte v = samples[i];
                    out[o] = v;
                    out[o + 1] = v;
                    out[o + 2] = v;
                }
            }
            case RGB -> System.arraycopy(samples, 0, out, 0, pixels * 3);
            case YCBCR -> {
                for (int i = 0, o = 0; i < pixels; i++, o += 3) {
                    int y = samples[o] & 0xFF;
                    int cb = samples[o + 1] & 0xFF;
                    int cr = samples[o + 2] & 0xFF;
                    out[o] = (byte) clamp(y + CR_R[cr]);
                    out[o + 1] = (byte) clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
                    out[o + 2] = (byte) clamp(y + CB_B[cb]);
                }
            }
            case CMYK -> {
                for (int i = 0, s = 0, o = 0; i < pixels; i++, s += 4, o += 3) {
                    // "CMYK;I": Pillow inverts every channel on unpacking
                    int c = 255 - (samples[s] & 0xFF);
                    int m = 255 - (samples[s + 1] & 0xFF);
                    int y = 255 - (samples[s + 2] & 0xFF);
                    int k = 255 - (samples[s + 3] & 0xFF);
                    pillowCmykToRgb(c, m, y, k, out, o);
                }
            }
            case YCCK -> {
                for (int i = 0, s = 0, o = 0; i < pixels; i++, s += 4, o += 3) {
                    int yy = samples[s] & 0xFF;
                    int cb = samples[s + 1] & 0xFF;
                    int cr = samples[s + 2] & 0xFF;
                    // libjpeg ycck_cmyk_convert yields C' = 255 - R(ycc) etc. and K' = K; Pillow then inverts, so
                    // C = clamp(R(ycc)) and K = 255 - K'.
                    int c = clamp(yy + CR_R[cr]);
                    int m = clamp(yy + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
                    int y = clamp(yy + CB_B[cb]);
                    int k = 255 - (samples[s + 3] & 0xFF);
                    pillowCmykToRgb(c, m, y, k, out, o);
                }
            }
            default -> throw new IllegalArgumentException("no RGB conversion for JPEG colour space " + colorSpace);
        }
        return out;
    }

    /** Pillow Convert.c cmyk2rgb: out = CLIP8(nk - MULDIV255(in, nk)), nk = 255 - k. */
    static void pillowCmykToRgb(int c, int m, int y, int k, byte[] out, int o) {
        int nk = 255 - k;
        out[o] = (byte) clamp(nk - mulDiv255(c, nk));
        out[o + 1] = (byte) clamp(nk - mulDiv255(m, nk));
        out[o + 2] = (byte) clamp(nk - mulDiv255(y, nk));
    }

    private static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
