package io.clipstream.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.clipstream.model.ModelLoadException;
import io.clipstream.model.vector.Vectors;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/** Shared handling of embedding outputs: their dimension and reading them as unit vectors. */
final class EncoderShapes {

    interface DimsProbe {
        int run() throws OrtException;
    }

    private EncoderShapes() {
    }

    /** The embedding size, from one test inference at start-up, which also proves the graph runs here. */
    static int embeddingDims(String output, DimsProbe probe, Path file) {
        try {
            int dims = probe.run();
            if (dims <= 0) {
                throw new ModelLoadException(file + " output " + output + " is empty");
            }
            return dims;
        } catch (OrtException e) {
            throw new ModelLoadException("a test inference of " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads a [n, dims] (or [n, 1, dims]) float or float16 tensor as n unit-length rows. */
    static float[][] unitRows(OnnxTensor tensor, int n) {
        FloatBuffer values = tensor.getFloatBuffer();
        if (values == null || values.remaining() % n != 0) {
            throw new IllegalStateException("embedding output " + tensor.getInfo() + " cannot be split into " + n
                    + " rows");
        }
        int dims = values.remaining() / n;
        float[][] rows = new float[n][dims];
        for (int i = 0; i < n; i++) {
            values.get(rows[i]);
            Vectors.normalizeInPlace(rows[i]);
        }
        return rows;
    }
}
