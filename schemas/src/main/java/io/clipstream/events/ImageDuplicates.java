package io.clipstream.events;

import java.time.Instant;
import java.util.List;

/**
 * Value of a record on the compacted images.duplicates topic, keyed by image id (schemas/image-duplicates.schema.json);
 * a tombstone means the image is gone. Every embedded image has one, grouped or not, so that the topic is the
 * duplicates stage's whole state: its evidence, its direct links and the groups it belongs to.
 *
 * @param links the images this one is directly alike, each with the strongest tier that holds
 * @param groups at most one group per tier (components of the links of that tier or a stricter one)
 */
public record ImageDuplicates(String imageId, String baseModelId, Instant eventTime, ImageEvidence evidence,
                              List<Link> links, List<Group> groups, Instant updatedTime) {

    public ImageDuplicates {
        links = links == null ? List.of() : List.copyOf(links);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * A direct likeness: cosine of the embeddings and, when both have evidence, the correlation of their grey
     * thumbnails.
     */
    public record Link(String imageId, DuplicateTier tier, double cosine, Double pixelCorrelation) {
    }

    /**
     * A group: its id is the smallest member id (replays give the same ids); members sorted by id, each with the
     * cosine of its strongest link inside the group.
     */
    public record Group(DuplicateTier tier, String groupId, List<Member> members) {
        public Group {
            members = List.copyOf(members);
        }
    }

    public record Member(String imageId, double score) {
    }
}
