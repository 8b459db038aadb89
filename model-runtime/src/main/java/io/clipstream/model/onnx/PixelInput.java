package io.clipstream.model.onnx;

/**
 * What the vision graph is fed. {@code FLOAT}: normalised floats, channel-first, computed on the host (the graph
 * as exported). {@code UINT8}: the decoded 8-bit pixels as they are; the graph is rewritten at load time to
 * normalise them itself ({@link Uint8PixelGraph}), a quarter of the bytes to copy to a GPU and no float work on
 * the host. {@code AUTO}: uint8 when the session is meant for CUDA, float otherwise.
 */
public enum PixelInput {
    AUTO,
    FLOAT,
    UINT8
}
