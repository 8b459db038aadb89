package io.clipstream.cli.publish;

/** Where an image id comes from. */
public enum IdSource {
    /** SHA-256 of the bytes, hex: the same image gets the same id wherever it lies, so republishing replaces. */
    CONTENT,
    /** The path relative to the folder given (or the file name for a file given), '/'-separated. */
    PATH
}
