package io.clipstream.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void readsTheOrientationPillowWroteIntoJpeg(int orientation) {
        byte[] jpg = Fixtures.source("exif_orientation_" + orientation + ".jpg");
        assertThat(ExifOrientation.read(jpg, ImageFormat.JPEG)).isEqualTo(orientation);
    }

    @Test
    void readsPngExifWebpExifAndJpegXmp() {
        assertThat(ExifOrientation.read(Fixtures.source("exif_orientation_6.png"), ImageFormat.PNG)).isEqualTo(6);
        assertThat(ExifOrientation.read(Fixtures.source("exif_orientation_8.webp"), ImageFormat.WEBP)).isEqualTo(8);
        assertThat(ExifOrientation.read(Fixtures.source("xmp_orientation_6.jpg"), ImageFormat.JPEG)).isEqualTo(6);
        assertThat(ExifOrientation.read(Fixtures.source("photo_640x480.jpg"), ImageFormat.JPEG)).isEqualTo(1);
    }

    @Test
    void bigEndianTiffAndLongType() {
        assertThat(ExifOrientation.fromTiff(tiff(ByteOrder.BIG_ENDIAN, 3, 1, 6), 0, 26)).isEqualTo(6);
        assertThat(ExifOrientation.fromTiff(tiff(ByteOrder.LITTLE_ENDIAN, 4, 1, 8), 0, 26)).isEqualTo(8);
    }

    @Test
    void malformedOrUnusableValuesMeanNoOrientation() {
        assertThat(ExifOrientation.fromTiff(tiff(ByteOrder.BIG_ENDIAN, 3, 2, 6), 0, 26)).isZero(); // count 2
        assertThat(ExifOrientation.fromTiff(tiff(ByteOrder.BIG_ENDIAN, 2, 1, 6), 0, 26)).isZero(); // ASCII type
        assertThat(ExifOrientation.fromTiff(new byte[] {'I', 'I', 42, 0, (byte) 0xFF, 0, 0, 0}, 0, 8)).isZero();
        assertThat(ExifOrientation.fromTiff(new byte[] {'X', 'X', 42, 0, 8, 0, 0, 0}, 0, 8)).isZero();
        byte[] truncated = tiff(ByteOrder.LITTLE_ENDIAN, 3, 1, 6);
        assertThat(ExifOrientation.fromTiff(truncated, 0, 20)).isZero();
    }

    /** A minimal TIFF: header + IFD0 with a single Orientation entry. */
    private static byte[] tiff(ByteOrder order, int type, int count, int value) {
        ByteBuffer b = ByteBuffer.allocate(26).order(order);
        b.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        b.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        b.putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) type).putInt(count);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
        b.putInt(0);
        return b.array();
    }
}
