package io.clipstream.indexer.thumbnail;

import io.clipstream.events.ImageUploaded;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which uploads get a thumbnail, by where their bytes came from. A browser shows http(s) images from their url,
 * but cannot show inline ones (there is no url) or file: ones (not loadable from an http page), hence the default
 * {@code inline,file}.
 */
public final class ThumbnailSources {

    /** Where an upload's bytes came from. */
    public enum Origin {
        INLINE, FILE, HTTP
    }

    private final Set<Origin> wanted;

    private ThumbnailSources(Set<Origin> wanted) {
        this.wanted = wanted;
    }

    /** From configuration: any of {@code inline}, {@code file}, {@code http}; or {@code all}; or {@code none}. */
    public static ThumbnailSources parse(List<String> values) {
        EnumSet<Origin> wanted = EnumSet.noneOf(Origin.class);
        for (String raw : values) {
            String value = raw.trim().toLowerCase(Locale.ROOT);
            switch (value) {
                case "all" -> wanted.addAll(EnumSet.allOf(Origin.class));
                case "none" -> {
                    if (values.size() > 1) {
                        throw invalid(values);
                    }
                }
                case "inline" -> wanted.add(Origin.INLINE);
                case "file" -> wanted.add(Origin.FILE);
                case "http" -> wanted.add(Origin.HTTP);
                default -> throw invalid(values);
            }
        }
        return new ThumbnailSources(wanted);
    }

    /** Whether thumbnails are kept at all; when not, nothing is written to the thumbnails topic. */
    public boolean enabled() {
        return !wanted.isEmpty();
    }

    public boolean wants(ImageUploaded upload) {
        return wanted.contains(origin(upload));
    }

    static Origin origin(ImageUploaded upload) {
        if (upload.isInline()) {
            return Origin.INLINE;
        }
        // The parser admitted only http, https and file urls.
        return upload.url().regionMatches(true, 0, "file:", 0, 5) ? Origin.FILE : Origin.HTTP;
    }

    private static IllegalArgumentException invalid(List<String> values) {
        return new IllegalArgumentException("clipstream.thumbnails.sources must list inline, file, http, or be all "
                + "or none; got " + String.join(",", values));
    }

    @Override
    public String toString() {
        return wanted.isEmpty() ? "none" : wanted.toString().toLowerCase(Locale.ROOT);
    }
}
