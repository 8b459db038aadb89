package io.clipstream.versions;

/** A rollback with no target: nothing was ever activated, or the last activation names no previous version. */
public class NothingToRollBackException extends RuntimeException {

    public NothingToRollBackException(String message) {
        super(message);
    }
}
