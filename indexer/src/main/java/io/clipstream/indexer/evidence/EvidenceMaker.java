package io.clipstream.indexer.evidence;

import io.clipstream.events.ImageEvidence;
import io.clipstream.model.evidence.PixelEvidence;
import io.clipstream.model.image.RgbImage;

/**
 * The pixel evidence of one image, made on the decode thread from what decoding produced anyway: the bytes, the
 * decoded image (grey thumbnail, uniformity) and the model's input window (its digest: equal pixels, equal digest).
 */
public final class EvidenceMaker {

    private final double degenerateMaxGreyRange;

    /** @param degenerateMaxGreyRange grey range (0-255, over 16x16 box averages) below which an image is near-uniform */
    public EvidenceMaker(double degenerateMaxGreyRange) {
        this.degenerateMaxGreyRange = degenerateMaxGreyRange;
    }

    public ImageEvidence make(byte[] bytes, RgbImage decoded, RgbImage window) {
        return new ImageEvidence(PixelEvidence.sha256Hex(bytes), PixelEvidence.sha256Hex(window.rgb()),
                PixelEvidence.greyThumbnailHex(decoded), PixelEvidence.greyRange(decoded) < degenerateMaxGreyRange);
    }
}
