package io.clipstream.model.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.clipstream.model.ModelLoadException;
import io.clipstream.model.TextSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model's tokenizer.json through the Hugging Face tokenizers library (DJL binding), after the text cleaning of
 * the model family's own tokenizer, with truncation to the context length (the end token kept) and the padding the
 * model family needs done here rather than by the library's defaults.
 */
public final class TextTokenizer implements AutoCloseable {

    static {
        // The native library ships in the jar; without these DJL may try to download a CUDA flavour of it.
        setIfAbsent("RUST_FLAVOR", "cpu");
        setIfAbsent("ai.djl.offline", "true");
    }

    private final HuggingFaceTokenizer tokenizer;
    private final TextSpec spec;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, TextSpec spec) {
        this.tokenizer = tokenizer;
        this.spec = spec;
    }

    public static TextTokenizer open(Path tokenizerJson, TextSpec spec) {
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "padding", "false",
                "truncation", "true",
                "maxLength", Integer.toString(spec.contextLength()));
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(in, options), spec);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    public TextSpec spec() {
        return spec;
    }

    public TokenBatch encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts.stream().map(spec.cleaning()::apply).toList());
        int longest = 0;
        for (Encoding e : encodings) {
            longest = Math.max(longest, e.getIds().length);
        }
        int length = spec.padToContext() ? spec.contextLength() : longest;
        long[] ids = new long[texts.size() * length];
        long[] mask = new long[ids.length];
        int[] lengths = new int[texts.size()];
        Arrays.fill(ids, spec.padTokenId());
        for (int row = 0; row < encodings.length; row++) {
            long[] rowIds = encodings[row].getIds();
            int n = Math.min(rowIds.length, length);
            System.arraycopy(rowIds, 0, ids, row * length, n);
            Arrays.fill(mask, row * length, row * length + n, 1L);
            lengths[row] = n;
        }
        return new TokenBatch(texts.size(), length, ids, mask, lengths);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null && System.getenv(property) == null) {
            System.setProperty(property, value);
        }
    }
}
