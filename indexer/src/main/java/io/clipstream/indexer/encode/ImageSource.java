package io.clipstream.indexer.encode;

import io.clipstream.events.ErrorClass;
import io.clipstream.events.ImageUploaded;
import io.clipstream.indexer.Rejection;
import io.clipstream.indexer.fetch.ImageFetcher;
import java.util.Base64;

/** The encoded bytes of an upload: decoded from inline base64, or fetched by url. */
public final class ImageSource {

    private final ImageFetcher fetcher;
    private final long maxBytes;

    public ImageSource(ImageFetcher fetcher, long maxBytes) {
        this.fetcher = fetcher;
        this.maxBytes = maxBytes;
    }

    public byte[] inline(ImageUploaded upload) throws Rejection {
        String data = upload.data().replaceAll("\\s", "");
        long approximate = data.length() / 4L * 3;
        if (approximate > maxBytes + 2) {
            throw new Rejection(ErrorClass.PAYLOAD_TOO_LARGE, "inline data is about " + approximate
                    + " bytes; the limit is " + maxBytes + " bytes");
        }
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new Rejection(ErrorClass.INVALID_FIELD, "data is not valid base64: " + e.getMessage(), e);
        }
    }

    public byte[] fetch(ImageUploaded upload) throws Rejection {
        return fetcher.fetch(upload.url()).bytes();
    }
}
