package io.clipstream.cli.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to fetch.
 *
 * @param required files that must exist at that revision (empty: every file of the repository, except
 *                 {@code .gitattributes} and {@code README.md})
 * @param optional files fetched when the revision has them
 * @param pins SHA-256 per path that override the hub's own ids
 * @param variant ONNX variant ("" plain, "fp16", ...), for the layout check
 */
public record FetchPlan(String repo, String revision, List<String> required, List<String> optional,
                        Map<String, String> pins, String variant, Path target, boolean replace) {

    public FetchPlan {
        required = List.copyOf(required);
        optional = List.copyOf(optional);
        pins = Map.copyOf(pins);
    }

    public static FetchPlan of(CatalogueEntry entry, String revision, String variant, Path target, boolean replace) {
        return new FetchPlan(entry.repo(), revision == null ? entry.revision() : revision,
                entry.requiredFiles(variant), entry.optionalFiles(variant),
                revision == null || revision.equals(entry.revision()) ? entry.sha256() : Map.of(),
                variant, target, replace);
    }

    /** A repository outside the catalogue: all its files, checked against the hub's ids. */
    public static FetchPlan wholeRepo(String repo, String revision, String variant, Path target, boolean replace) {
        return new FetchPlan(repo, revision, List.of(), List.of(), Map.of(), variant, target, replace);
    }
}
