package io.clipstream.query.search;

/** "More like this" for an image the searched version's collection does not hold. */
public class ImageNotIndexedException extends RuntimeException {

    private final String imageId;

    public ImageNotIndexedException(String imageId, String message) {
        super(message);
        this.imageId = imageId;
    }

    public String imageId() {
        return imageId;
    }
}
