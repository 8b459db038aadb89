package io.clipstream.model.onnx;

import java.util.Locale;

/** Classifies ONNX Runtime failures. */
public final class OnnxErrors {

    private OnnxErrors() {
    }

    /**
     * True when the failure is the device running out of memory (CUDA allocator or BFC arena), which a smaller
     * batch can avoid; such errors surface as OrtException messages, not as a distinct type.
     */
    public static boolean isOutOfMemory(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String message = t.getMessage();
            if (message != null) {
                String m = message.toLowerCase(Locale.ROOT);
                if (m.contains("out of memory") || m.contains("failed to allocate memory")
                        || m.contains("cudaerrormemoryallocation") || m.contains("cuda_error_out_of_memory")
                        || (m.contains("bfcarena") && m.contains("available memory"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
