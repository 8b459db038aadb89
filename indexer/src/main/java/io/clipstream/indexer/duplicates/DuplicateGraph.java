package io.clipstream.indexer.duplicates;

import io.clipstream.events.DuplicateTier;
import io.clipstream.events.ImageDuplicates;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The duplicates stage's state: every image seen with its evidence, the symmetric links between them, and the
 * groups they form. A group of a tier is a connected component of the links of that tier or a stricter one; its
 * id is its smallest member id, so the same links give the same groups in any order of arrival (replays included).
 * Changes report the images whose record may have changed: everyone in a component touched before or after.
 */
public final class DuplicateGraph {

    private final Map<String, Candidate> nodes = new HashMap<>();
    private final Map<String, Map<String, ImageDuplicates.Link>> links = new HashMap<>();
    private final Map<String, Set<String>> byContent = new HashMap<>();
    private final Map<String, Set<String>> byPixels = new HashMap<>();
    private final Set<Dismissal> dismissed = new HashSet<>();

    /** Pairs a user said are not duplicates in a tier (and any stricter-or-equal link of that tier is dropped). */
    private record Dismissal(DuplicateTier tier, String first, String second) {
        static Dismissal of(DuplicateTier tier, String a, String b) {
            return a.compareTo(b) < 0 ? new Dismissal(tier, a, b) : new Dismissal(tier, b, a);
        }
    }

    public Optional<Candidate> candidate(String imageId) {
        return Optional.ofNullable(nodes.get(imageId));
    }

    public int size() {
        return nodes.size();
    }

    /** Known images with the same bytes, or the same model input when {@code c} is not near-uniform. */
    public Set<String> exactMatches(Candidate c) {
        Set<String> found = new TreeSet<>();
        if (c.evidence() != null) {
            found.addAll(byContent.getOrDefault(c.evidence().contentSha256(), Set.of()));
            if (!c.degenerate()) {
                found.addAll(byPixels.getOrDefault(c.evidence().pixelSha256(), Set.of()));
            }
        }
        found.remove(c.imageId());
        return found;
    }

    /**
     * Adds or replaces an image with its links (to known images; links to unknown ones are dropped). Returns the
     * images whose record may have changed.
     */
    public Set<String> put(Candidate c, List<ImageDuplicates.Link> newLinks) {
        Set<String> affected = new LinkedHashSet<>(reach(c.imageId()));
        detach(c.imageId());
        nodes.put(c.imageId(), c);
        if (c.evidence() != null) {
            byContent.computeIfAbsent(c.evidence().contentSha256(), k -> new HashSet<>()).add(c.imageId());
            if (!c.degenerate()) {
                byPixels.computeIfAbsent(c.evidence().pixelSha256(), k -> new HashSet<>()).add(c.imageId());
            }
        }
        for (ImageDuplicates.Link link : newLinks) {
            if (!link.imageId().equals(c.imageId()) && nodes.containsKey(link.imageId())) {
                connect(c.imageId(), link);
            }
        }
        affected.addAll(reach(c.imageId()));
        return affected;
    }

    /** Forgets an image; returns the others whose record may have changed (the image itself is gone). */
    public Set<String> remove(String imageId) {
        Set<String> affected = new LinkedHashSet<>(reach(imageId));
        detach(imageId);
        affected.remove(imageId);
        for (String id : List.copyOf(affected)) {
            affected.addAll(reach(id));
        }
        return affected;
    }

    /**
     * Takes an image's record from the duplicates topic as it was written (state restored at start): the image if
     * it is not known yet, and its links to known images.
     */
    public void restore(ImageDuplicates record) {
        if (!nodes.containsKey(record.imageId())) {
            put(new Candidate(record.imageId(), record.evidence(), record.eventTime().toEpochMilli()), List.of());
        }
        for (ImageDuplicates.Link link : record.links()) {
            if (nodes.containsKey(link.imageId())) {
                connect(record.imageId(), link);
            }
        }
    }

    /**
     * Records that {@code members} are not duplicates of each other in {@code tier}: links among them that would
     * join such a group stop counting for it. Returns the images whose record may have changed.
     */
    public Set<String> dismiss(DuplicateTier tier, List<String> members) {
        Set<String> affected = new LinkedHashSet<>();
        for (String id : members) {
            affected.addAll(reach(id));
        }
        for (int i = 0; i < members.size(); i++) {
            for (int j = i + 1; j < members.size(); j++) {
                dismissed.add(Dismissal.of(tier, members.get(i), members.get(j)));
            }
        }
        return affected;
    }

    /** The image's record: its links by id, and for each tier the group it is in (if it is in one). */
    public ImageDuplicates record(String imageId, String baseModelId, Instant updated) {
        Candidate c = nodes.get(imageId);
        if (c == null) {
            throw new IllegalArgumentException("unknown image " + imageId);
        }
        List<ImageDuplicates.Link> own = new ArrayList<>(links.getOrDefault(imageId, Map.of()).values());
        own.sort(Comparator.comparing(ImageDuplicates.Link::imageId));
        List<ImageDuplicates.Group> groups = new ArrayList<>();
        for (DuplicateTier tier : DuplicateTier.values()) {
            Map<String, Double> members = component(imageId, tier);
            if (members.size() > 1) {
                groups.add(new ImageDuplicates.Group(tier, members.keySet().iterator().next(), members.entrySet()
                        .stream().map(e -> new ImageDuplicates.Member(e.getKey(), e.getValue())).toList()));
            }
        }
        return new ImageDuplicates(imageId, baseModelId, Instant.ofEpochMilli(c.eventTimeMs()), c.evidence(), own,
                groups, updated);
    }

    /** Members of {@code imageId}'s group in {@code tier}, sorted by id, each with its strongest link's cosine. */
    Map<String, Double> component(String imageId, DuplicateTier tier) {
        Map<String, Double> members = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>();
        members.put(imageId, 0.0);
        queue.add(imageId);
        while (!queue.isEmpty()) {
            String id = queue.poll();
            for (ImageDuplicates.Link link : links.getOrDefault(id, Map.of()).values()) {
                if (!counts(id, link, tier)) {
                    continue;
                }
                members.merge(id, link.cosine(), Math::max);
                if (!members.containsKey(link.imageId())) {
                    queue.add(link.imageId());
                }
                members.merge(link.imageId(), link.cosine(), Math::max);
            }
        }
        return members;
    }

    private boolean counts(String from, ImageDuplicates.Link link, DuplicateTier tier) {
        return link.tier().joins(tier) && !dismissed.contains(Dismissal.of(tier, from, link.imageId()));
    }

    /** Everyone linked to {@code imageId} through links of any tier (its widest group), itself included. */
    private Set<String> reach(String imageId) {
        if (!nodes.containsKey(imageId)) {
            return Set.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        seen.add(imageId);
        queue.add(imageId);
        while (!queue.isEmpty()) {
            for (String next : links.getOrDefault(queue.poll(), Map.of()).keySet()) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }

    private void connect(String from, ImageDuplicates.Link link) {
        links.computeIfAbsent(from, k -> new HashMap<>()).put(link.imageId(), link);
        links.computeIfAbsent(link.imageId(), k -> new HashMap<>()).put(from,
                new ImageDuplicates.Link(from, link.tier(), link.cosine(), link.pixelCorrelation()));
    }

    private void detach(String imageId) {
        Map<String, ImageDuplicates.Link> old = links.remove(imageId);
        if (old != null) {
            for (String other : old.keySet()) {
                Map<String, ImageDuplicates.Link> theirs = links.get(other);
                if (theirs != null) {
                    theirs.remove(imageId);
                    if (theirs.isEmpty()) {
                        links.remove(other);
                    }
                }
            }
        }
        Candidate c = nodes.remove(imageId);
        if (c != null && c.evidence() != null) {
            removeFrom(byContent, c.evidence().contentSha256(), imageId);
            removeFrom(byPixels, c.evidence().pixelSha256(), imageId);
        }
    }

    private static void removeFrom(Map<String, Set<String>> index, String key, String imageId) {
        Set<String> ids = index.get(key);
        if (ids != null) {
            ids.remove(imageId);
            if (ids.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
