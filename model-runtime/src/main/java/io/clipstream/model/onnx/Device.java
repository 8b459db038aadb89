package io.clipstream.model.onnx;

/** Where inference should run. AUTO takes CUDA when this build and machine offer it, CPU otherwise. */
public enum Device {
    AUTO,
    CPU,
    CUDA
}
