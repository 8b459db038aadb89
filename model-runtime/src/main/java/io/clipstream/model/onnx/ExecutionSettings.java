package io.clipstream.model.onnx;

/**
 * ONNX Runtime session settings.
 *
 * @param device where to run
 * @param requireGpu fail at start-up instead of falling back to CPU when CUDA is unusable
 * @param gpuDeviceId CUDA device ordinal
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime pick (one per physical core)
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime pick
 * @param spinWait let idle ONNX Runtime threads spin between runs: lower latency for an encoder that has the
 *     CPU to itself, wasted cores when decoding shares the machine (the indexer on CPU)
 * @param pixelInput what the vision graph is fed (normalised floats, or raw uint8 pixels it normalises itself)
 */
public record ExecutionSettings(Device device, boolean requireGpu, int gpuDeviceId, int intraOpThreads,
                                int interOpThreads, boolean spinWait, PixelInput pixelInput) {

    public ExecutionSettings {
        if (device == null || pixelInput == null) {
            throw new IllegalArgumentException("device and pixel input are required");
        }
        if (requireGpu && device == Device.CPU) {
            throw new IllegalArgumentException("require-gpu contradicts device=CPU");
        }
        if (gpuDeviceId < 0 || intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("gpu device id and thread counts must be >= 0");
        }
    }

    public static ExecutionSettings defaults() {
        return new ExecutionSettings(Device.AUTO, false, 0, 0, 0, true, PixelInput.AUTO);
    }

    public static ExecutionSettings cpu(int intraOpThreads) {
        return new ExecutionSettings(Device.CPU, false, 0, intraOpThreads, 0, true, PixelInput.FLOAT);
    }

    public ExecutionSettings withPixelInput(PixelInput input) {
        return new ExecutionSettings(device, requireGpu, gpuDeviceId, intraOpThreads, interOpThreads, spinWait, input);
    }
}
