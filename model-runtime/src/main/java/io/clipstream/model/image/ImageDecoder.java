package io.clipstream.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
 * read from the header and refused above {@link DecodeLimits#maxPixels()} before any pixel buffer is allocated
 * (always against the full-scale size, also when decoding scaled down). Every codec failure, including unchecked
 * exceptions thrown by a reader on hostile data, surfaces as an {@link ImageDecodeException}.
 *
 * <p>JPEG fast path: libjpeg-turbo through OpenCV's {@code imdecode} ({@link LibjpegTurboDecoder}), the codec
 * Pillow uses, so its full-scale output is bit-exact with Pillow; it is the only decoder that can scale in the DCT
 * domain ({@link #decode(byte[], int)}). It takes Huffman-coded baseline (SOF0), extended (SOF1) and progressive
 * (SOF2) JPEGs with 8-bit samples and 1 or 3 components whose framing is complete ({@link JpegStructure}). Every
 * other JPEG goes to ImageIO + TwelveMonkeys at full scale, as every JPEG did before ({@link JpegRoute}):
 * <ul>
 *   <li>CMYK and YCCK (4 components): Pillow-exact conversion in {@link JpegColorConversion};</li>
 *   <li>arithmetic coding (SOF9..11): not verified bit-exact on libjpeg-turbo, so ImageIO decides (today it
 *       refuses them);</li>
 *   <li>12-bit samples, lossless (SOF3 and the other lossless/hierarchical frames);</li>
 *   <li>truncated files and broken framing (a segment running past the end, entropy-coded data that never
 *       reaches a marker, no EOI): OpenCV's memory source does not report libjpeg's "premature end" warning, so
 *       they are detected before decoding and ImageIO refuses them with {@code CORRUPT} and today's message;</li>
 *   <li>a zero width or height in the frame header, no frame header before the first scan;</li>
 *   <li>any file the fast path refuses (empty result or an OpenCV exception): ImageIO's verdict, and its error,
 *       is what the caller gets;</li>
 *   <li>every JPEG when the natives cannot be loaded on this machine ({@link LibjpegTurboNatives}).</li>
 * </ul>
 *
 * <p>Damaged entropy-coded data inside complete framing (flipped bits in the Huffman codes) is decoded with
 * libjpeg-turbo's own recovery and returned, as Pillow returns it: libjpeg only warns ("Corrupt JPEG data: ...")
 * and Pillow ignores those warnings, so the reference pipeline accepts such files and embeds whatever they show;
 * measured: the fast path's pixels equal Pillow's for such a file. Before the fast path ImageIO refused them as
 * {@code CORRUPT} whenever libjpeg 6b warned "Corrupt JPEG data", and returned its own, different recovery
 * otherwise; it still does so for the fallback cases above, where it sees the warnings.
 *
 * <p>Thread-safe: readers are created per call (ImageIO readers are stateful) and disposed afterwards; the fast
 * path keeps no state and runs on the calling thread only.
 */
public final class ImageDecoder {

    private static final Logger LOG = Logger.getLogger(ImageDecoder.class);

    private final DecodeLimits limits;
    private final ImageReaderProviders providers;
    private final boolean fastPath;

    public ImageDecoder(DecodeLimits limits) {
        this(limits, true);
    }

    /** {@code fastPath = false} sends every JPEG through ImageIO (measurements, comparisons). */
    ImageDecoder(DecodeLimits limits, boolean fastPath) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.providers = ImageReaderProviders.discover();
        this.fastPath = fastPath;
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes {@code bytes} to upright RGB at full scale.
     *
     * @throws ImageDecodeException with a {@link Reason} and a message that tells the uploader what is wrong
     */
    public RgbImage decode(byte[] bytes) throws ImageDecodeException {
        return decode(bytes, 0).image();
    }

    /**
     * Decodes {@code bytes} to upright RGB, for JPEGs on the fast path scaled down in the DCT domain by the largest
     * of 1/2, 1/4 and 1/8 that keeps the shorter side at least {@code minShortSide}. Other formats and fallback
     * JPEGs are decoded at full scale.
     *
     * @param minShortSide smallest acceptable shorter side of the result; 0 means always full scale
     * @throws ImageDecodeException with a {@link Reason} and a message that tells the uploader what is wrong
     */
    public DecodedImage decode(byte[] bytes, int minShortSide) throws ImageDecodeException {
        Objects.requireNonNull(bytes, "bytes");
        if (minShortSide < 0) {
            throw new IllegalArgumentException("minShortSide must be >= 0, got " + minShortSide);
        }
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
            return decodeJpeg(bytes, minShortSide);
        }
        RgbImage upright = ExifTranspose.apply(decodeWithImageIo(bytes, format), ExifOrientation.read(bytes, format));
        return fullScale(upright, format, DecodedImage.Decoder.IMAGE_IO);
    }

    private DecodedImage decodeJpeg(byte[] bytes, int minShortSide) throws ImageDecodeException {
        JpegHeader header = JpegHeader.parse(bytes);
        if (header.colorSpace() == JpegHeader.ColorSpace.UNKNOWN && header.components() != 0) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT,
                    "JPEG with " + header.components() + " colour components is not supported (expected 1, 3 or 4)");
        }
        int orientation = ExifOrientation.fromJpeg(bytes, header);
        JpegRoute route = JpegRoute.choose(header, bytes, fastPath && LibjpegTurboNatives.available());
        if (route == JpegRoute.FAST_PATH) {
            checkPixels(ImageFormat.JPEG, header.width(), header.height());
            int denominator = DctScale.denominator(header.width(), header.height(), minShortSide);
            Optional<RgbImage> decoded = LibjpegTurboDecoder.decode(bytes, denominator);
            if (decoded.isPresent()) {
                RgbImage upright = ExifTranspose.apply(decoded.get(), orientation);
                boolean swap = orientation >= 5 && orientation <= 8;
                int fullW = denominator == 1 ? upright.width() : swap ? header.height() : header.width();
                int fullH = denominator == 1 ? upright.height() : swap ? header.width() : header.height();
                return new DecodedImage(upright, fullW, fullH, ImageFormat.JPEG, denominator,
                        DecodedImage.Decoder.LIBJPEG_TURBO);
            }
            LOG.debugf("libjpeg-turbo returned no image for a %dx%d JPEG; ImageIO decides", header.width(),
                    header.height());
        } else {
            LOG.tracef("JPEG routed to ImageIO: %s", route);
        }
        RgbImage upright = ExifTranspose.apply(decodeJpegWithImageIo(bytes, header), orientation);
        return fullScale(upright, ImageFormat.JPEG, DecodedImage.Decoder.IMAGE_IO);
    }

    private static DecodedImage fullScale(RgbImage upright, ImageFormat format, DecodedImage.Decoder decoder) {
        return new DecodedImage(upright, upright.width(), upright.height(), format, 1, decoder);
    }

    /**
     * JPEG goes through TwelveMonkeys' {@code readRaster}: the stored components without any colour conversion,
     * which we then convert exactly like libjpeg + Pillow do (see {@link JpegColorConversion}). Reading the
     * converted image instead would apply embedded ICC profiles and a CMYK profile, which Pillow does not.
     */
    private RgbImage decodeJpegWithImageIo(byte[] bytes, JpegHeader header) throws ImageDecodeException {
        JpegHeader.ColorSpace colorSpace = header.colorSpace();
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

    /** Which decoder a JPEG is routed to; lets tests assert the fallback cases. */
    JpegRoute jpegRoute(byte[] bytes) {
        return JpegRoute.choose(JpegHeader.parse(bytes), bytes, fastPath && LibjpegTurboNatives.available());
    }

    /** The ImageIO provider class used for a format; lets tests assert TwelveMonkeys is really in charge. */
    String readerProviderClass(ImageFormat format) {
        return providers.providerClass(format);
    }
}
