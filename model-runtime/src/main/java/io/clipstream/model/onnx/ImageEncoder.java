package io.clipstream.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.clipstream.model.ModelLoadException;
import io.clipstream.model.image.PixelFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vision tower: batches of preprocessed images in, L2-normalised embeddings out. Thread-safe. The hot path
 * ({@link #encode(ByteBuffer, int)}) takes pixels already laid out in {@link #pixelFormat()} in a direct buffer,
 * which ONNX Runtime reads in place; the float[] path converts float16 inputs here. Graphs with a fixed batch of 1
 * (OpenCLIP/Immich exports) run image by image.
 */
public final class ImageEncoder implements AutoCloseable {

    private final OrtEnvironment env = SessionFactory.environment();
    private final OrtSession session;
    private final String executionProvider;
    private final String input;
    private final String output;
    private final boolean float16Input;
    private final PixelFormat pixelFormat;
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
        this.float16Input = in.type == OnnxJavaType.FLOAT16;
        if (!float16Input && in.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException(file + " input " + input + " is " + in.type + ", expected FLOAT or FLOAT16");
        }
        long[] shape = in.getShape();
        if (shape.length != 4 || (shape[1] > 0 && shape[1] != 3)) {
            throw new ModelLoadException(file + " input " + input + " has shape " + java.util.Arrays.toString(shape)
                    + ", expected [batch, 3, height, width]");
        }
        if ((shape[2] > 0 && shape[2] != height) || (shape[3] > 0 && shape[3] != width)) {
            throw new ModelLoadException(file + " takes " + shape[2] + "x" + shape[3] + " images but the "
                    + "preprocessing config produces " + height + "x" + width);
        }
        this.pixelFormat = float16Input ? PixelFormat.FLOAT16_CHW : PixelFormat.FLOAT32_CHW;
        this.fixedBatch = shape[0] > 0 ? (int) shape[0] : 0;
        this.height = height;
        this.width = width;
        this.dims = EncoderShapes.embeddingDims(binding.output(), () -> probeDims(), file);
    }

    /** Opens {@code file}, checks it against {@code contract}, and expects {@code height x width} inputs. */
    public static ImageEncoder open(Path file, GraphContract contract, ExecutionSettings settings, int height,
                                    int width) {
        return SessionFactory.openEncoder(file, settings, contract, (opened, binding) ->
                new ImageEncoder(opened, binding, contract.requiredInputs().getFirst(), height, width, file));
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
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, part, new long[] {n, 3, height, width},
                    float16Input ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT);
                 OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(output))) {
                System.arraycopy(EncoderShapes.unitRows((OnnxTensor) result.get(output).orElseThrow(), n), 0, out,
                        start, n);
            }
        }
        return Arrays.asList(out);
    }

    /**
     * Embeds {@code count} images laid out one after another in {@code pixels} (each {@link #imageSize()} floats).
     * Returns one unit-length vector per image.
     */
    public float[][] encode(float[] pixels, int count) throws OrtException {
        if (count <= 0 || pixels.length < (long) count * imageSize()) {
            throw new IllegalArgumentException("need " + count + " images of " + imageSize() + " floats, got "
                    + pixels.length + " floats");
        }
        float[][] out = new float[count][];
        int step = fixedBatch > 0 ? fixedBatch : count;
        for (int start = 0; start < count; start += step) {
            int n = Math.min(step, count - start);
            float[][] part = run(pixels, start, n);
            System.arraycopy(part, 0, out, start, n);
        }
        return out;
    }

    /**
     * Embeds preprocessed images given one array each, laid out into {@code staging} (at least
     * {@code images.size() * imageSize()} floats; callers with one worker thread reuse it across batches).
     */
    public List<float[]> encode(List<float[]> images, float[] staging) throws OrtException {
        int size = imageSize();
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, staging, i * size, size);
        }
        return Arrays.asList(encode(staging, images.size()));
    }

    private float[][] run(float[] pixels, int first, int n) throws OrtException {
        long[] shape = {n, 3, height, width};
        int offset = first * imageSize();
        int length = n * imageSize();
        try (OnnxTensor tensor = float16Input
                ? OnnxTensor.createTensor(env, toFloat16(pixels, offset, length), shape, OnnxJavaType.FLOAT16)
                : OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels, offset, length), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(output))) {
            return EncoderShapes.unitRows((OnnxTensor) result.get(output).orElseThrow(), n);
        }
    }

    private int probeDims() throws OrtException {
        return run(new float[imageSize()], 0, 1)[0].length;
    }

    private static ByteBuffer toFloat16(float[] src, int offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length * Short.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < length; i++) {
            buffer.putShort(Float.floatToFloat16(src[offset + i]));
        }
        return buffer.flip();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
