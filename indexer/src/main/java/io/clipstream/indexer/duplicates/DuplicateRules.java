package io.clipstream.indexer.duplicates;

import io.clipstream.events.DuplicateTier;
import io.clipstream.events.ImageDuplicates;
import io.clipstream.model.evidence.PixelEvidence;
import java.util.Optional;

/**
 * Which tier, if any, links two images, each tier on its own evidence:
 * <ul>
 *   <li>exact: the same bytes, or the same model input (pixel digest) unless the image is near-uniform (every
 *       black frame of a size has the same pixels, yet they are not copies of each other);</li>
 *   <li>near: cosine at least {@code nearMinCosine} (calibrated per model) and the correlation of the grey
 *       thumbnails at least {@code nearMinPixelCorrelation}, so that two different pictures the model finds alike
 *       are not merged;</li>
 *   <li>scene: cosine at least {@code sceneMinCosine} and event times at most {@code sceneWindowMs} apart.</li>
 * </ul>
 * Near-uniform images take part in neither near nor scene links, and an image without evidence in no near link.
 */
public record DuplicateRules(double nearMinCosine, double nearMinPixelCorrelation, double sceneMinCosine,
                             long sceneWindowMs) {

    public DuplicateRules {
        if (sceneMinCosine > nearMinCosine) {
            throw new IllegalArgumentException("the scene cosine (" + sceneMinCosine + ") must not exceed the near "
                    + "cosine (" + nearMinCosine + ")");
        }
        if (nearMinPixelCorrelation < -1 || nearMinPixelCorrelation > 1 || sceneWindowMs < 0) {
            throw new IllegalArgumentException("the pixel correlation must be -1 to 1 and the scene window >= 0");
        }
    }

    /**
     * The link from {@code a} to {@code b} at {@code cosine}, if any tier holds. Cheap for the many pairs that are
     * far apart: the thumbnails are compared only for pairs close enough to be linked.
     */
    public Optional<ImageDuplicates.Link> judge(Candidate a, Candidate b, double cosine) {
        boolean evidence = a.evidence() != null && b.evidence() != null;
        if (evidence) {
            boolean sameBytes = a.evidence().contentSha256().equals(b.evidence().contentSha256());
            boolean samePixels = !a.degenerate() && !b.degenerate()
                    && a.evidence().pixelSha256().equals(b.evidence().pixelSha256());
            if (sameBytes || samePixels) {
                return link(b, DuplicateTier.EXACT, cosine, correlation(a, b));
            }
        }
        if (a.degenerate() || b.degenerate() || cosine < sceneMinCosine) {
            return Optional.empty();
        }
        Double correlation = evidence ? correlation(a, b) : null;
        if (correlation != null && cosine >= nearMinCosine && correlation >= nearMinPixelCorrelation) {
            return link(b, DuplicateTier.NEAR, cosine, correlation);
        }
        if (Math.abs(a.eventTimeMs() - b.eventTimeMs()) <= sceneWindowMs) {
            return link(b, DuplicateTier.SCENE, cosine, correlation);
        }
        return Optional.empty();
    }

    private static double correlation(Candidate a, Candidate b) {
        return round(PixelEvidence.correlation(a.evidence().greyThumbnail(), b.evidence().greyThumbnail()));
    }

    private static Optional<ImageDuplicates.Link> link(Candidate to, DuplicateTier tier, double cosine,
                                                       Double correlation) {
        return Optional.of(new ImageDuplicates.Link(to.imageId(), tier, round(cosine), correlation));
    }

    /** Six decimals: a replay on another machine (other float rounding in the store) gives the same record. */
    static double round(double cosine) {
        return Math.round(cosine * 1e6) / 1e6;
    }
}
