package io.clipstream.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.clipstream.model.ModelLoadException;
import io.clipstream.model.image.PixelFormat;
import io.clipstream.model.image.PreprocessSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The vision tower: batches of preprocessed images in, L2-normalised embeddings out. Thread-safe. The hot path
 * ({@link #encode(ByteBuffer, int)}) takes pixels already laid out in {@link #pixelFormat()} in a direct buffer,
 * which ONNX Runtime reads in place: normalised floats (float32 or float16, as the graph was exported) or, with
 * uint8 pixel input, the raw interleaved pixels. Graphs with a fixed batch of 1 (OpenCLIP/Immich exports) run
 * image by image.
 */
public final class ImageEncoder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ImageEncoder.class);

    private final OrtEnvironment env = SessionFactory.environment();
    private final OrtSession session;
    private final String executionProvider;
    private final String input;
    private final String output;
    private final PixelFormat pixelFormat;
    /** The input's shape with 0 for the batch, in the graph's layout. */
    private final long[] tensorShape;
    private final int fixedBatch;
    private final int height;
    private final int width;
    private final int dims;

    private ImageEncoder(SessionFactory.OpenedSession opened, GraphContract.Binding binding, String input,
                         int height, int width, Path file) {
        this.session = opened.session();
        this.executionProvider = opened.executionProvider();
        this.input = input;
        this.output = binding.output();
        TensorInfo in = binding.input(input);
        long[] shape = in.getShape();
        this.pixelFormat = switch (in.type) {
            case FLOAT -> PixelFormat.FLOAT32_CHW;
            case FLOAT16 -> PixelFormat.FLOAT16_CHW;
            case UINT8 -> PixelFormat.UINT8_HWC;
            default -> throw new ModelLoadException(file + " input " + input + " is " + in.type
                    + ", expected FLOAT or FLOAT16");
        };
        boolean hwc = pixelFormat == PixelFormat.UINT8_HWC;
        int channelAxis = hwc ? 3 : 1;
        int heightAxis = hwc ? 1 : 2;
        if (shape.length != 4 || (shape[channelAxis] > 0 && shape[channelAxis] != 3)) {
            throw new ModelLoadException(file + " input " + input + " has shape " + Arrays.toString(shape)
                    + ", expected " + (hwc ? "[batch, height, width, 3]" : "[batch, 3, height, width]"));
        }
        if ((shape[heightAxis] > 0 && shape[heightAxis] != height)
                || (shape[heightAxis + 1] > 0 && shape[heightAxis + 1] != width)) {
            throw new ModelLoadException(file + " takes " + shape[heightAxis] + "x" + shape[heightAxis + 1]
                    + " images but the preprocessing config produces " + height + "x" + width);
        }
        this.tensorShape = hwc ? new long[] {0, height, width, 3} : new long[] {0, 3, height, width};
        this.fixedBatch = shape[0] > 0 ? (int) shape[0] : 0;
        this.height = height;
        this.width = width;
        this.dims = EncoderShapes.embeddingDims(binding.output(), this::probeDims, file);
    }

    /**
     * Opens {@code file}, checks it against {@code contract}, and expects images preprocessed by {@code spec}. With
     * uint8 pixel input ({@link ExecutionSettings#pixelInput()}) the graph is first rewritten to normalise raw
     * pixels itself; a graph that cannot be rewritten runs on floats (auto) or fails to load (uint8).
     */
    public static ImageEncoder open(Path file, GraphContract contract, ExecutionSettings settings,
                                    PreprocessSpec spec) {
        String input = contract.requiredInputs().getFirst();
        boolean uint8 = switch (settings.pixelInput()) {
            case FLOAT -> false;
            case UINT8 -> true;
            case AUTO -> SessionFactory.cudaWanted(settings);
        };
        if (!uint8) {
            return open(file, file, contract, settings, spec, input);
        }
        Path rewritten = null;
        try {
            rewritten = Files.createTempFile("clipstream-uint8-", ".onnx");
            Uint8PixelGraph.rewrite(file, input, spec, rewritten);
            ImageEncoder encoder = open(rewritten, file, contract, settings, spec, input);
            LOG.infof("%s: fed uint8 pixels (normalised inside the graph)", file.getFileName());
            return encoder;
        } catch (Uint8PixelGraph.UnsupportedGraphException e) {
            if (settings.pixelInput() == PixelInput.UINT8) {
                throw new ModelLoadException("pixel-input=uint8 but " + file + " cannot take uint8 pixels: "
                        + e.getMessage(), e);
            }
            LOG.warnf("%s: fed normalised floats, since the graph cannot take uint8 pixels: %s",
                    file.getFileName(), e.getMessage());
            return open(file, file, contract, settings, spec, input);
        } catch (IOException e) {
            throw new ModelLoadException("cannot prepare " + file + " for uint8 pixels: " + e.getMessage(), e);
        } finally {
            deleteQuietly(rewritten);
        }
    }

    private static ImageEncoder open(Path session, Path file, GraphContract contract, ExecutionSettings settings,
                                     PreprocessSpec spec, String input) {
        return SessionFactory.openEncoder(session, settings, contract, (opened, binding) ->
                new ImageEncoder(opened, binding, input, spec.cropHeight(), spec.cropWidth(), file));
    }

    /** ONNX Runtime has read the whole file once the session exists; the copy is not needed after that. */
    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete the temporary model %s: %s", file, e.getMessage());
        }
    }

    public int dims() {
        return dims;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Floats per image in the input tensor. */
    public int imageSize() {
        return 3 * height * width;
    }

    public String executionProvider() {
        return executionProvider;
    }

    /** The layout {@link #encode(ByteBuffer, int)} expects. */
    public PixelFormat pixelFormat() {
        return pixelFormat;
    }

    /** Bytes per image in {@link #pixelFormat()}. */
    public int bytesPerImage() {
        return pixelFormat.bytesPerImage(height, width);
    }

    /**
     * Embeds {@code count} images laid out one after another from position 0 of {@code pixels} (a direct buffer in
     * native order, {@link #bytesPerImage()} each, in {@link #pixelFormat()}): no copy on the way to the device.
     */
    public List<float[]> encode(ByteBuffer pixels, int count) throws OrtException {
        int size = bytesPerImage();
        if (count <= 0 || pixels.capacity() < (long) count * size) {
            throw new IllegalArgumentException("need " + count + " images of " + size + " bytes, got "
                    + pixels.capacity() + " bytes");
        }
        float[][] out = new float[count][];
        int step = fixedBatch > 0 ? fixedBatch : count;
        for (int start = 0; start < count; start += step) {
            int n = Math.min(step, count - start);
            ByteBuffer part = pixels.slice(start * size, n * size).order(ByteOrder.nativeOrder());
            long[] shape = tensorShape.clone();
            shape[0] = n;
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, part, shape, javaType());
                 OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(output))) {
                System.arraycopy(EncoderShapes.unitRows((OnnxTensor) result.get(output).orElseThrow(), n), 0, out,
                        start, n);
            }
        }
        return Arrays.asList(out);
    }

    /**
     * Embeds {@code count} images laid out one after another in {@code pixels} (each {@link #imageSize()}
     * normalised floats, channel-first): a convenience for tests and tools. Encoders fed uint8 pixels take only
     * {@link #encode(ByteBuffer, int)}.
     */
    public float[][] encode(float[] pixels, int count) throws OrtException {
        if (pixelFormat == PixelFormat.UINT8_HWC) {
            throw new IllegalStateException("this encoder is fed uint8 pixels: use encode(ByteBuffer, int)");
        }
        if (count <= 0 || pixels.length < (long) count * imageSize()) {
            throw new IllegalArgumentException("need " + count + " images of " + imageSize() + " floats, got "
                    + pixels.length + " floats");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(count * bytesPerImage()).order(ByteOrder.nativeOrder());
        int length = count * imageSize();
        if (pixelFormat == PixelFormat.FLOAT16_CHW) {
            for (int i = 0; i < length; i++) {
                buffer.putShort(i * Short.BYTES, Float.floatToFloat16(pixels[i]));
            }
        } else {
            buffer.asFloatBuffer().put(pixels, 0, length);
        }
        return encode(buffer, count).toArray(new float[0][]);
    }

    private OnnxJavaType javaType() {
        return switch (pixelFormat) {
            case FLOAT32_CHW -> OnnxJavaType.FLOAT;
            case FLOAT16_CHW -> OnnxJavaType.FLOAT16;
            case UINT8_HWC, UINT8_CHW -> OnnxJavaType.UINT8;
        };
    }

    private int probeDims() throws OrtException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(bytesPerImage()).order(ByteOrder.nativeOrder());
        return encode(zeros, 1).getFirst().length;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
