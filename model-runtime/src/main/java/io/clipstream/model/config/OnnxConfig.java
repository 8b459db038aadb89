package io.clipstream.model.config;

import io.clipstream.model.onnx.Device;
import io.clipstream.model.onnx.ExecutionSettings;
import io.smallrye.config.WithDefault;

/** The {@code clipstream.onnx.*} settings: where and how ONNX Runtime runs the towers. */
public interface OnnxConfig {

    /** {@code auto} uses CUDA when the build and the machine allow it, else CPU (and logs why). */
    @WithDefault("auto")
    Device device();

    /** Refuse to start without a usable GPU instead of falling back to CPU. */
    @WithDefault("false")
    boolean requireGpu();

    @WithDefault("0")
    int gpuDeviceId();

    /** 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int intraOpThreads();

    @WithDefault("0")
    int interOpThreads();

    /**
     * Let idle ONNX Runtime threads spin between batches. Off by default: on CPU the decode threads need those
     * cores; turn it on for a GPU encoder or a machine with cores to spare.
     */
    @WithDefault("false")
    boolean spinWait();

    default ExecutionSettings execution() {
        return new ExecutionSettings(device(), requireGpu(), gpuDeviceId(), intraOpThreads(), interOpThreads(),
                spinWait());
    }
}
