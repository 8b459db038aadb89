package io.clipstream.indexer.fetch;

import java.net.UnknownHostException;

/**
 * Raised from name resolution when the address policy refuses a host. It extends UnknownHostException so that
 * the HTTP client passes it through unchanged, before any connection is attempted.
 */
final class ForbiddenAddressException extends UnknownHostException {

    ForbiddenAddressException(String message) {
        super(message);
    }
}
