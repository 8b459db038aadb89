package io.clipstream.model.image;

/**
 * The few JPEG marker segments that decide how to interpret decoded samples the way libjpeg (and therefore
 * Pillow) does, and which decoder may take the file: the SOFn marker type, sample precision, size, component
 * count and ids, JFIF APP0, Adobe APP14 transform, and the EXIF APP1 payload.
 * Only the bytes before the first SOS are walked; entropy-coded data is never touched here (see
 * {@link JpegStructure} for the whole-file check).
 */
final class JpegHeader {

    /** Colour space of the stored components, resolved with libjpeg's jdapimin.c default_decompress_parms rules. */
    enum ColorSpace { GRAY, YCBCR, RGB, CMYK, YCCK, UNKNOWN }

    private static final String XMP_NAMESPACE = "http://ns.adobe.com/xap/1.0/\0";

    /** No SOFn marker before the first SOS. */
    static final int NO_FRAME = -1;

    private final int sofMarker; // 0xC0..0xCF, or NO_FRAME
    private final int precision; // bits per sample, 0 when there is no frame header
    private final int width;
    private final int height; // 0 in the header means "defined later by a DNL marker"
    private final int components;
    private final int[] componentIds;
    private final boolean sawJfif;
    private final int adobeTransform; // -1 when there is no Adobe APP14 segment
    private final int exifOffset; // offset of the TIFF header inside the file, -1 if none
    private final int exifLength;
    private final int xmpOffset; // offset of the XMP packet, -1 if none
    private final int xmpLength;

    private JpegHeader(Frame frame, boolean sawJfif, int adobeTransform, int exifOffset, int exifLength,
                       int xmpOffset, int xmpLength) {
        this.sofMarker = frame.marker;
        this.precision = frame.precision;
        this.width = frame.width;
        this.height = frame.height;
        this.components = frame.components;
        this.componentIds = frame.ids;
        this.sawJfif = sawJfif;
        this.adobeTransform = adobeTransform;
        this.exifOffset = exifOffset;
        this.exifLength = exifLength;
        this.xmpOffset = xmpOffset;
        this.xmpLength = xmpLength;
    }

    private record Frame(int marker, int precision, int width, int height, int components, int[] ids) {
        static final Frame NONE = new Frame(NO_FRAME, 0, 0, 0, 0, new int[0]);
    }

    /** Walks the marker segments up to SOS. Malformed framing yields whatever was seen so far. */
    static JpegHeader parse(byte[] b) {
        Frame frame = Frame.NONE;
        boolean jfif = false;
        int adobe = -1;
        int exifOff = -1;
        int exifLen = 0;
        int xmpOff = -1;
        int xmpLen = 0;
        int pos = 2; // after SOI
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                break; // not a marker: framing is broken, stop rather than guess
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // stand-alone markers have no length
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break; // EOI or start of scan: everything we need precedes it
            }
            int length = u16(b, pos + 2);
            int payload = pos + 4;
            int payloadLength = Math.min(length - 2, b.length - payload);
            if (length < 2 || payloadLength < 0) {
                break;
            }
            if (isStartOfFrame(marker) && payloadLength >= 6) {
                int components = b[payload + 5] & 0xFF;
                int[] ids = new int[components];
                for (int i = 0; i < components && payload + 6 + 3 * i < payload + payloadLength; i++) {
                    ids[i] = b[payload + 6 + 3 * i] & 0xFF;
                }
                frame = new Frame(marker, b[payload] & 0xFF, u16(b, payload + 3), u16(b, payload + 1), components,
                        ids);
            } else if (marker == 0xE0 && payloadLength >= 5 && ascii(b, payload, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xE1 && exifOff < 0 && payloadLength > 6 && ascii(b, payload, "Exif\0")) {
                // "Exif\0\0" then a TIFF structure; Pillow reads the first such segment only.
                exifOff = payload + 6;
                exifLen = payloadLength - 6;
            } else if (marker == 0xE1 && xmpOff < 0 && payloadLength > XMP_NAMESPACE.length()
                    && ascii(b, payload, XMP_NAMESPACE)) {
                xmpOff = payload + XMP_NAMESPACE.length();
                xmpLen = payloadLength - XMP_NAMESPACE.length();
            } else if (marker == 0xEE && payloadLength >= 12 && ascii(b, payload, "Adobe")) {
                adobe = b[payload + 11] & 0xFF;
            }
            pos = payload + length - 2;
        }
        return new JpegHeader(frame, jfif, adobe, exifOff, exifLen, xmpOff, xmpLen);
    }

    private static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    private static boolean isStartOfFrame(int marker) {
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        if (offset + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[offset + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * libjpeg's guess of the stored colour space. Pillow relies on libjpeg for this, so we must guess the same:
     * JFIF means YCbCr; otherwise Adobe transform 0 means RGB/CMYK, 1 YCbCr, 2 YCCK; otherwise component ids.
     */
    ColorSpace colorSpace() {
        switch (components) {
            case 1:
                return ColorSpace.GRAY;
            case 3:
                if (sawJfif) {
                    return ColorSpace.YCBCR;
                }
                if (adobeTransform >= 0) {
                    return adobeTransform == 0 ? ColorSpace.RGB : ColorSpace.YCBCR;
                }
                if (componentIds.length == 3 && componentIds[0] == 'R' && componentIds[1] == 'G'
                        && componentIds[2] == 'B') {
                    return ColorSpace.RGB;
                }
                return ColorSpace.YCBCR; // ids 1,2,3 or anything else: libjpeg assumes YCbCr
            case 4:
                if (adobeTransform < 0 || adobeTransform == 0) {
                    return ColorSpace.CMYK;
                }
                return ColorSpace.YCCK; // transform 2, and libjpeg's fallback for unknown transforms
            default:
                return ColorSpace.UNKNOWN;
        }
    }

    int components() {
        return components;
    }

    /** The SOFn marker (0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless, ...) or {@link #NO_FRAME}. */
    int sofMarker() {
        return sofMarker;
    }

    /** Bits per sample declared by the frame header (8 or 12 for DCT JPEGs), 0 without a frame header. */
    int precision() {
        return precision;
    }

    /** Full-scale width from the frame header, before any EXIF rotation; 0 without a frame header. */
    int width() {
        return width;
    }

    /** Full-scale height from the frame header; 0 when absent or deferred to a DNL marker. */
    int height() {
        return height;
    }

    /** Offset of the EXIF TIFF structure within the file, or -1. */
    int exifOffset() {
        return exifOffset;
    }

    int exifLength() {
        return exifLength;
    }

    /** Offset of the XMP packet (after its namespace header) within the file, or -1. */
    int xmpOffset() {
        return xmpOffset;
    }

    int xmpLength() {
        return xmpLength;
    }
}
