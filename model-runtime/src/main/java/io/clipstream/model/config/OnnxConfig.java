package io.clipstream.model.config;

import io.clipstream.model.onnx.Device;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.onnx.PixelInput;
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

    /**
     * What the vision graph is fed: {@code float} (normalised on the host, the graph as exported), {@code uint8}
     * (raw pixels; the graph is rewritten at load time to normalise them itself: 4x fewer bytes to a GPU, no
     * float work on the host), {@code auto}: uint8 on CUDA, float on CPU.
     */
    @WithDefault("auto")
    PixelInput pixelInput();

    default ExecutionSettings execution() {
        return new ExecutionSettings(device(), requireGpu(), gpuDeviceId(), intraOpThreads(), interOpThreads(),
                spinWait(), pixelInput());
    }
}
