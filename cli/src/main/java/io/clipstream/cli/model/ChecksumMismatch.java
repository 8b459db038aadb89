package io.clipstream.cli.model;

import io.clipstream.cli.CliFailure;
import io.clipstream.cli.ExitCodes;

/**
 * A file that does not hash to what the catalogue or the hub says it must: the hub answered, with the wrong
 * bytes. Unlike an unreachable hub this does not go away by waiting, so callers that fall back on network trouble
 * stop on this one.
 */
public final class ChecksumMismatch extends CliFailure {

    ChecksumMismatch(String message) {
        super(ExitCodes.FAILED, message, null);
    }
}
