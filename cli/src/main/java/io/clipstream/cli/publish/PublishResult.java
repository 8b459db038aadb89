package io.clipstream.cli.publish;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run did: every file found is in exactly one of the three lists.
 *
 * @param published image id per file, in the order the acks came
 */
public record PublishResult(List<Published> published, List<Skipped> skipped, List<Failed> failed) {

    public record Published(Path file, String imageId) {
    }

    public record Skipped(Path file, SkipReason reason, String detail) {
    }

    public record Failed(Path file, String reason) {
    }

    public PublishResult {
        published = List.copyOf(published);
        skipped = List.copyOf(skipped);
        failed = List.copyOf(failed);
    }

    public Map<Path, String> idsByFile() {
        return published.stream().collect(java.util.stream.Collectors.toMap(Published::file, Published::imageId));
    }

    public long skippedFor(SkipReason reason) {
        return skipped.stream().filter(s -> s.reason() == reason).count();
    }
}
