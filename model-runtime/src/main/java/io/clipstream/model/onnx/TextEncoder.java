package io.clipstream.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.clipstream.model.ModelLoadException;
import io.clipstream.model.text.TextTokenizer;
import io.clipstream.model.text.TokenBatch;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text tower: texts in, L2-normalised embeddings out. Tokenises with the model's tokenizer, feeds int64 or
 * int32 ids as the graph wants, and an attention mask when the graph takes one. Thread-safe.
 */
public final class TextEncoder implements AutoCloseable {

    public static final String ATTENTION_MASK = "attention_mask";

    private final OrtEnvironment env = SessionFactory.environment();
    private final OrtSession session;
    private final String executionProvider;
    private final TextTokenizer tokenizer;
    private final String idsInput;
    private final boolean int32Ids;
    private final boolean feedMask;
    private final boolean maskPadding;
    private final String output;
    private final int fixedBatch;
    private final int dims;

    private TextEncoder(SessionFactory.OpenedSession opened, GraphContract.Binding binding, String idsInput,
                        TextTokenizer tokenizer, boolean maskPadding, Path file) {
        this.session = opened.session();
        this.executionProvider = opened.executionProvider();
        this.tokenizer = tokenizer;
        this.idsInput = idsInput;
        this.output = binding.output();
        TensorInfo ids = binding.input(idsInput);
        if (ids.type != OnnxJavaType.INT64 && ids.type != OnnxJavaType.INT32) {
            throw new ModelLoadException(file + " input " + idsInput + " is " + ids.type + ", expected INT64 or INT32");
        }
        this.int32Ids = ids.type == OnnxJavaType.INT32;
        long[] shape = ids.getShape();
        if (shape.length != 2) {
            throw new ModelLoadException(file + " input " + idsInput + " has shape " + Arrays.toString(shape)
                    + ", expected [batch, sequence]");
        }
        int context = tokenizer.spec().contextLength();
        if (shape[1] > 0 && (shape[1] != context || !tokenizer.spec().padToContext())) {
            throw new ModelLoadException(file + " has a fixed sequence length of " + shape[1]
                    + " but the text config pads to "
                    + (tokenizer.spec().padToContext() ? context : "the longest text"));
        }
        this.feedMask = binding.has(ATTENTION_MASK);
        this.maskPadding = maskPadding;
        this.fixedBatch = shape[0] > 0 ? (int) shape[0] : 0;
        this.dims = EncoderShapes.embeddingDims(output, () -> encode(List.of("a photo"))[0].length, file);
    }

    /**
     * Opens {@code file} and checks it against {@code contract}. {@code maskPadding}: whether padding is hidden
     * from the model by the attention mask (CLIP) or seen as tokens, with an all-ones mask (SigLIP's training).
     */
    public static TextEncoder open(Path file, GraphContract contract, ExecutionSettings settings,
                                   TextTokenizer tokenizer, boolean maskPadding) {
        return SessionFactory.openEncoder(file, settings, contract, (opened, binding) ->
                new TextEncoder(opened, binding, contract.requiredInputs().getFirst(), tokenizer, maskPadding, file));
    }

    public int dims() {
        return dims;
    }

    public String executionProvider() {
        return executionProvider;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** One unit-length vector per text. */
    public float[][] encode(List<String> texts) throws OrtException {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        TokenBatch batch = tokenizer.encode(texts);
        float[][] out = new float[texts.size()][];
        int step = fixedBatch > 0 ? fixedBatch : batch.size();
        for (int start = 0; start < batch.size(); start += step) {
            int n = Math.min(step, batch.size() - start);
            System.arraycopy(run(batch, start, n), 0, out, start, n);
        }
        return out;
    }

    private float[][] run(TokenBatch batch, int first, int n) throws OrtException {
        long[] shape = {n, batch.length()};
        int from = first * batch.length();
        int to = from + n * batch.length();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            long[] ids = Arrays.copyOfRange(batch.ids(), from, to);
            inputs.put(idsInput, int32Ids
                    ? OnnxTensor.createTensor(env, IntBuffer.wrap(toInts(ids)), shape)
                    : OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            if (feedMask) {
                long[] mask = maskPadding ? Arrays.copyOfRange(batch.attentionMask(), from, to) : ones(to - from);
                inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                return EncoderShapes.unitRows((OnnxTensor) result.get(output).orElseThrow(), n);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    private static long[] ones(int n) {
        long[] out = new long[n];
        Arrays.fill(out, 1L);
        return out;
    }

    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            tokenizer.close();
        }
    }
}
