package io.clipstream.query.search;

/** An image to search with ("more like this", or a term of a weighted query) that the version's index lacks. */
public class ImageNotIndexedException extends RuntimeException {

    private final String imageId;
    private final Integer term;

    public ImageNotIndexedException(String imageId, String message) {
        this(imageId, null, message);
    }

    /** @param term the 0-based index of the weighted query's term naming the image, or null */
    public ImageNotIndexedException(String imageId, Integer term, String message) {
        super(message);
        this.imageId = imageId;
        this.term = term;
    }

    public String imageId() {
        return imageId;
    }

    public Integer term() {
        return term;
    }
}
