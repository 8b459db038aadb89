package io.clipstream.indexer.duplicates;

import io.clipstream.events.ImageEvidence;

/**
 * An image as the duplicate rules see it: its id, its pixel evidence ({@code null} for records written before the
 * encoder computed it) and its event time.
 */
public record Candidate(String imageId, ImageEvidence evidence, long eventTimeMs) {

    public boolean degenerate() {
        return evidence != null && evidence.degenerate();
    }
}
