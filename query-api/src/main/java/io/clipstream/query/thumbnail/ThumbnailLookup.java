package io.clipstream.query.thumbnail;

/** What the thumbnail store knows about an image id. */
public sealed interface ThumbnailLookup {

    /** The JPEG bytes of the image's thumbnail. */
    record Found(byte[] jpeg) implements ThumbnailLookup {
    }

    /** The view is complete up to its start-up and holds no thumbnail for the id. */
    record Missing() implements ThumbnailLookup {
    }

    /** The view cannot answer yet (still loading the topic, or stopped); {@code reason} says why. */
    record NotReady(String reason) implements ThumbnailLookup {
    }
}
