package io.clipstream.model.image;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the orientation Pillow's {@code ImageOps.exif_transpose} would apply: the EXIF Orientation tag (0x0112)
 * of IFD0, or, when there is none, a {@code tiff:Orientation} in XMP (Pillow's {@code Image.getexif} fallback).
 *
 * <p>Sources read, per format: JPEG APP1 "Exif" and APP1 XMP; PNG {@code eXIf}; WebP {@code EXIF} and
 * {@code XMP } chunks. Not read (Pillow does): PNG "Raw profile type exif" text chunks and PNG iTXt XMP.
 *
 * <p>Broken metadata never fails a decode: it means "no orientation", as a photo viewer would treat it.
 */
final class ExifOrientation {

    /** No transformation. */
    static final int NORMAL = 1;

    private static final int TAG_ORIENTATION = 0x0112;
    private static final Pattern XMP_ORIENTATION = Pattern.compile("tiff:Orientation(=\"|>)([0-9])");

    private ExifOrientation() {
    }

    /** Orientation 1..8 for the encoded image, {@link #NORMAL} when absent or unusable. */
    static int read(byte[] bytes, ImageFormat format) {
        return switch (format) {
            case JPEG -> fromJpeg(bytes, JpegHeader.parse(bytes));
            case PNG -> fromPng(bytes);
            case WEBP -> fromWebp(bytes);
            case GIF, BMP -> NORMAL; // neither carries EXIF
        };
    }

    static int fromJpeg(byte[] bytes, JpegHeader header) {
        int fromExif = header.exifOffset() >= 0 ? fromTiff(bytes, header.exifOffset(), header.exifLength()) : 0;
        if (fromExif != 0) {
            return valid(fromExif);
        }
        return valid(fromXmp(bytes, header.xmpOffset(), header.xmpLength()));
    }

    private static int fromPng(byte[] b) {
        int pos = 8;
        while (pos + 12 <= b.length) {
            long length = readInt(b, pos, false) & 0xFFFFFFFFL;
            if (length > b.length - pos - 12) {
                return NORMAL; // truncated chunk; the decoder will complain about the pixels if it matters
            }
            int type = (int) readInt(b, pos + 4, false);
            int data = pos + 8;
            if (type == 0x65584966) { // "eXIf"
                int off = data;
                int len = (int) length;
                if (len >= 6 && startsWithExifPrefix(b, off)) { // tolerated by Pillow's Exif.load
                    off += 6;
                    len -= 6;
                }
                return valid(fromTiff(b, off, len));
            }
            if (type == 0x49454E44) { // "IEND"
                break;
            }
            pos = data + (int) length + 4;
        }
        return NORMAL;
    }

    private static int fromWebp(byte[] b) {
        int exif = 0;
        int xmp = 0;
        int pos = 12;
        while (pos + 8 <= b.length) {
            long length = readInt(b, pos + 4, true) & 0xFFFFFFFFL;
            int data = pos + 8;
            if (length > b.length - data) {
                break;
            }
            if (fourcc(b, pos, "EXIF")) {
                int off = data;
                int len = (int) length;
                if (len >= 6 && startsWithExifPrefix(b, off)) {
                    off += 6;
                    len -= 6;
                }
                exif = fromTiff(b, off, len);
            } else if (fourcc(b, pos, "XMP ")) {
                xmp = fromXmp(b, data, (int) length);
            }
            pos = data + (int) length + (int) (length & 1); // chunks are padded to even sizes
        }
        return valid(exif != 0 ? exif : xmp);
    }

    /**
     * The Orientation entry of IFD0 in a TIFF structure ("II*\0" or "MM\0*"), or 0 when there is none or the
     * structure is malformed.
     */
    static int fromTiff(byte[] b, int off, int len) {
        if (off < 0 || len < 8 || off + len > b.length) {
            return 0;
        }
        boolean little;
        if (b[off] == 'I' && b[off + 1] == 'I') {
            little = true;
        } else if (b[off] == 'M' && b[off + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (readShort(b, off + 2, little) != 42) {
            return 0;
        }
        long ifd = readInt(b, off + 4, little) & 0xFFFFFFFFL;
        if (ifd < 8 || ifd + 2 > len) {
            return 0;
        }
        int entries = readShort(b, off + (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = off + (int) ifd + 2 + i * 12;
            if (entry + 12 > off + len) {
                return 0;
            }
            if (readShort(b, entry, little) != TAG_ORIENTATION) {
                continue;
            }
            int type = readShort(b, entry + 2, little);
            long count = readInt(b, entry + 4, little) & 0xFFFFFFFFL;
            if (count != 1) {
                return 0; // Pillow would get a tuple, which maps to no transposition
            }
            return switch (type) {
                case 1 -> b[entry + 8] & 0xFF; // BYTE
                case 3 -> readShort(b, entry + 8, little); // SHORT, the type the EXIF spec prescribes
                case 4 -> (int) Math.min(readInt(b, entry + 8, little) & 0xFFFFFFFFL, Integer.MAX_VALUE); // LONG
                default -> 0;
            };
        }
        return 0;
    }

    private static int fromXmp(byte[] b, int off, int len) {
        if (off < 0 || len <= 0 || off + len > b.length) {
            return 0;
        }
        // ISO-8859-1 maps bytes 1:1, so the regex sees the same characters Pillow's bytes regex does.
        Matcher m = XMP_ORIENTATION.matcher(new String(b, off, len, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(2).charAt(0) - '0' : 0;
    }

    private static int valid(int orientation) {
        return orientation >= 1 && orientation <= 8 ? orientation : NORMAL;
    }

    private static boolean startsWithExifPrefix(byte[] b, int off) {
        return off + 6 <= b.length && b[off] == 'E' && b[off + 1] == 'x' && b[off + 2] == 'i' && b[off + 3] == 'f'
                && b[off + 4] == 0 && b[off + 5] == 0;
    }

    private static boolean fourcc(byte[] b, int off, String tag) {
        return b[off] == tag.charAt(0) && b[off + 1] == tag.charAt(1) && b[off + 2] == tag.charAt(2)
                && b[off + 3] == tag.charAt(3);
    }

    private static int readShort(byte[] b, int off, boolean little) {
        int b0 = b[off] & 0xFF;
        int b1 = b[off + 1] & 0xFF;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    private static long readInt(byte[] b, int off, boolean little) {
        long b0 = b[off] & 0xFF;
        long b1 = b[off + 1] & 0xFF;
        long b2 = b[off + 2] & 0xFF;
        long b3 = b[off + 3] & 0xFF;
        return little ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
    }
}
