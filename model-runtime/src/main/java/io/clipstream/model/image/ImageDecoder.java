package io.clipstream.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.jboss.logging.Logger;

import io.clipstream.model.image.ImageDecodeException.Reason;

/**
 * Decodes JPEG, PNG, GIF (first frame), WebP and BMP bytes into upright 8-bit RGB, reproducing what the
 * reference CLIP/SigLIP pipelines get from Pillow: {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")}.
 *
 * <p>Safety: the encoded size is checked first, the format is sniffed from magic bytes, and the pixel count is
 * read from the header and refused above {@link DecodeLimits#maxPixels()} before any pixel buffer is allocated.
 * Every codec failure, including unchecked exceptions thrown by a reader on hostile data, surfaces as an
 * {@link ImageDecodeException}.
 *
 * <p>Thread-safe: readers are created per call (ImageIO readers are stateful) and disposed afterwards.
 */
public final class ImageDecoder {

    private static final Logger LOG = Logger.getLogger(ImageDecoder.class);

    private final DecodeLimits limits;
    private final ImageReaderProviders providers;

    public ImageDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.providers = ImageReaderProviders.discover();
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes {@code bytes} to upright RGB.
     *
     * @throws ImageDecodeException with a {@link Reason} and a message that tells the uploader what is wrong
     */
    public RgbImage decode(byte[] bytes) throws ImageDecodeException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new ImageDecodeException(Reason.EMPTY, "image is empty (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageDecodeException(Reason.TOO_LARGE,
                    "image is " + bytes.length + " bytes, limit is " + limits.maxBytes() + " bytes");
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new ImageDecodeException(
                Reason.UNSUPPORTED_FORMAT,
                "unrecognised image format (first bytes: " + leadingBytes(bytes)
                        + "); supported formats are JPEG, PNG, GIF, WebP and BMP"));
        if (format == ImageFormat.JPEG) {
            JpegHeader header = JpegHeader.parse(bytes);
            return ExifTranspose.apply(decodeJpeg(bytes, header), ExifOrientation.fromJpeg(bytes, header));
        }
        return ExifTranspose.apply(decodeWithImageIo(bytes, format), ExifOrientation.read(bytes, format));
    }

    /**
     * JPEG goes through TwelveMonkeys' {@code readRaster}: the stored components without any colour conversion,
     * which we then convert exactly like libjpeg + Pillow do (see {@link JpegColorConversion}). Reading the
     * converted image instead would apply embedded ICC profiles and a CMYK profile, which Pillow does not.
     */
    private RgbImage decodeJpeg(byte[] bytes, JpegHeader header) throws ImageDecodeException {
        JpegHeader.ColorSpace colorSpace = header.colorSpace();
        if (colorSpace == JpegHeader.ColorSpace.UNKNOWN && header.components() != 0) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
                    "JPEG with " + header.components() + " colour components is not supported (expected 1, 3 or 4)");
        }
        Raster raster = read(bytes, ImageFormat.JPEG, reader -> reader.readRaster(0, null)).value();
        if (raster.getDataBuffer().getDataType() != DataBuffer.TYPE_BYTE) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
                    "JPEG with more than 8 bits per sample is not supported");
        }
        if (colorSpace == JpegHeader.ColorSpace.UNKNOWN || raster.getNumBands() != header.components()) {
            // The marker walk and the decoder disagree: trust the decoder's band count, libjpeg's default rules.
            colorSpace = switch (raster.getNumBands()) {
                case 1 -> JpegHeader.ColorSpace.GRAY;
                case 3 -> JpegHeader.ColorSpace.YCBCR;
                case 4 -> JpegHeader.ColorSpace.CMYK;
                default -> throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
                        "JPEG with " + raster.getNumBands() + " colour components is not supported");
            };
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] samples = RasterSamples.packedBytes(raster);
        return new RgbImage(w, h, JpegColorConversion.toRgb(samples, w * h, colorSpace));
    }

    private RgbImage decodeWithImageIo(byte[] bytes, ImageFormat format) throws ImageDecodeException {
        Decoded<BufferedImage> decoded = read(bytes, format, reader -> reader.read(0, null));
        RgbImage rgb = BufferedImageToRgb.convert(decoded.value());
        if (format == ImageFormat.GIF) {
            GifCanvas.Frame frame = decoded.gifFrame();
            int canvasW = Math.max(GifCanvas.screenWidth(bytes), frame.left() + rgb.width());
            int canvasH = Math.max(GifCanvas.screenHeight(bytes), frame.top() + rgb.height());
            if (canvasW != rgb.width() || canvasH != rgb.height()) {
                rgb = GifCanvas.compose(rgb, decoded.value(), frame, canvasW, canvasH);
            }
        }
        return rgb;
    }

    @FunctionalInterface
    private interface ReadStep<T> {
        T read(ImageReader reader) throws IOException;
    }

    private record Decoded<T>(T value, GifCanvas.Frame gifFrame) {
    }

    /**
     * Runs one reader over the bytes: header first (size check), then {@code step} for the pixels; converts
     * every failure into an {@link ImageDecodeException}.
     */
    private <T> Decoded<T> read(byte[] bytes, ImageFormat format, ReadStep<T> step) throws ImageDecodeException {
        String name = displayName(format);
        ImageReader reader = null;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader = providers.create(format);
            DecodeWarnings warnings = new DecodeWarnings();
            reader.addIIOReadWarningListener(warnings);
            // GIF needs its image metadata for the frame position; the others skip metadata parsing.
            reader.setInput(in, false, format != ImageFormat.GIF);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            checkPixels(format, w, h);
            GifCanvas.Frame gifFrame = null;
            if (format == ImageFormat.GIF) {
                IIOMetadata metadata = reader.getImageMetadata(0);
                gifFrame = GifCanvas.frame(metadata);
                checkPixels(format, Math.max(GifCanvas.screenWidth(bytes), gifFrame.left() + w),
                        Math.max(GifCanvas.screenHeight(bytes), gifFrame.top() + h));
            }
            T value = step.read(reader);
            if (!warnings.fatal().isEmpty()) {
                throw new ImageDecodeException(Reason.CORRUPT,
                        name + " data is corrupt or truncated: " + String.join("; ", warnings.fatal()));
            }
            if (!warnings.other().isEmpty()) {
                LOG.debugf("%s decoded with warnings: %s", name, warnings.other());
            }
            return new Decoded<>(value, gifFrame);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageDecodeException(Reason.CORRUPT, name + " data is corrupt or truncated: " + describe(e), e);
        } catch (RuntimeException e) {
            // Codecs throw IndexOutOfBounds, IllegalArgument, NegativeArraySize... on hostile input.
            throw new ImageDecodeException(Reason.CORRUPT,
                    name + " decoder failed on this data: " + describe(e), e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private void checkPixels(ImageFormat format, int w, int h) throws ImageDecodeException {
        if (w <= 0 || h <= 0) {
            throw new ImageDecodeException(Reason.CORRUPT,
                    displayName(format) + " header declares an invalid size " + w + "x" + h);
        }
        long pixels = (long) w * h;
        if (pixels > limits.maxPixels()) {
            throw new ImageDecodeException(Reason.TOO_MANY_PIXELS,
                    "image is " + w + "x" + h + " = " + pixels + " pixels, limit is " + limits.maxPixels());
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append(" (caused by ");
            }
            String msg = t.getMessage();
            sb.append(msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg);
            if (depth > 0) {
                sb.append(')');
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static String displayName(ImageFormat format) {
        return format == ImageFormat.WEBP ? "WebP" : format.name();
    }

    private static String leadingBytes(byte[] bytes) {
        int n = Math.min(bytes.length, 8);
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, n).toUpperCase(Locale.ROOT);
    }

    /** The ImageIO provider class used for a format; lets tests assert TwelveMonkeys is really in charge. */
    String readerProviderClass(ImageFormat format) {
        return providers.providerClass(format);
    }
}
