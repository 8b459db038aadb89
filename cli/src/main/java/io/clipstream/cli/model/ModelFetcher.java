package io.clipstream.cli.model;

import io.clipstream.cli.CliFailure;
import io.clipstream.cli.progress.Progress;
import io.clipstream.model.ModelDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fetches a model from the hub into a folder, all or nothing. Files go to a hidden staging folder beside the
 * target ({@code .NAME.download}), each first as {@code FILE.part} (kept when a download breaks off, so the next
 * run continues it with an HTTP range), renamed once complete, then checked against its checksum. Only when
 * every file matched does the staging folder become the target, in one rename. A mismatch removes the staging
 * folder: nothing half-verified is left that could be mistaken for a model.
 */
public final class ModelFetcher {

    private static final Set<String> NOT_MODEL_FILES = Set.of(".gitattributes", "README.md");

    private final HubClient hub;
    private final Progress.Factory bars;
    private final PrintWriter log;

    public ModelFetcher(HubClient hub, Progress.Factory bars, PrintWriter log) {
        this.hub = hub;
        this.bars = bars;
        this.log = log;
    }

    /** @return the files fetched, with the checksum each matched */
    public Map<String, Checksum> fetch(FetchPlan plan) {
        Path target = plan.target().toAbsolutePath().normalize();
        if (Files.exists(target) && !plan.replace()) {
            throw CliFailure.failed(target + " already exists; pass --force to replace it");
        }
        Map<String, Checksum> expected = expectations(plan, hub.tree(plan.repo(), plan.revision()));
        long bytes = expected.values().stream().mapToLong(Checksum::size).sum();
        log.printf("fetching %d files (%.1f MB) of %s at %s into %s%n", expected.size(), bytes / 1e6, plan.repo(),
                plan.revision(), plan.target());
        log.flush();
        Path staging = target.resolveSibling("." + target.getFileName() + ".download");
        try {
            Files.createDirectories(staging);
            for (Map.Entry<String, Checksum> e : expected.entrySet()) {
                fetchOne(plan, staging, e.getKey(), e.getValue());
            }
            install(staging, target);
        } catch (IOException e) {
            throw CliFailure.failed("cannot write the model below " + target.getParent() + ": " + e, e);
        }
        checkLayout(target, plan.variant());
        return expected;
    }

    private Map<String, Checksum> expectations(FetchPlan plan, List<HubFile> tree) {
        Map<String, HubFile> byPath = new LinkedHashMap<>();
        tree.forEach(f -> byPath.put(f.path(), f));
        List<String> wanted = new ArrayList<>();
        if (plan.required().isEmpty()) {
            tree.stream().map(HubFile::path).filter(p -> !NOT_MODEL_FILES.contains(p)).forEach(wanted::add);
        } else {
            List<String> missing = plan.required().stream().filter(p -> !byPath.containsKey(p)).toList();
            if (!missing.isEmpty()) {
                throw CliFailure.failed(plan.repo() + " at " + plan.revision() + " has no " + String.join(", ",
                        missing) + (plan.variant().isEmpty() ? "" : " (variant " + plan.variant() + ")"));
            }
            wanted.addAll(plan.required());
            plan.optional().stream().filter(byPath::containsKey).forEach(wanted::add);
        }
        if (wanted.isEmpty()) {
            throw CliFailure.failed(plan.repo() + " at " + plan.revision() + " has no files");
        }
        Map<String, Checksum> expected = new LinkedHashMap<>();
        for (String path : wanted) {
            HubFile file = byPath.get(path);
            if (path.startsWith("/") || Path.of(path).normalize().startsWith("..")) {
                throw CliFailure.failed("the hub lists a file outside the repository: " + path);
            }
            String pin = plan.pins().get(path);
            // A pin the hub contradicts would only fail after the whole download: say it now.
            if (pin != null && file.lfsSha256() != null && !pin.equalsIgnoreCase(file.lfsSha256())) {
                throw new ChecksumMismatch("checksum mismatch for " + path + ": the catalogue pins sha256 " + pin
                        + " but the hub lists " + file.lfsSha256() + " at " + plan.revision() + "; nothing fetched");
            }
            try {
                expected.put(path, Checksum.expected(file, pin));
            } catch (IllegalArgumentException e) {
                throw CliFailure.failed(e.getMessage() + " in " + plan.repo() + "; cannot verify it, nothing fetched");
            }
        }
        return expected;
    }

    private void fetchOne(FetchPlan plan, Path staging, String path, Checksum checksum) throws IOException {
        Path file = staging.resolve(path);
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            if (checksum.matches(file)) {
                log.println("  " + path + ": already downloaded, checksum ok");
                return;
            }
            Files.delete(file);
        }
        Path part = file.resolveSibling(file.getFileName() + ".part");
        hub.download(plan.repo(), plan.revision(), path, part, checksum.size(), bars);
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        long size = Files.size(file);
        String actual = checksum.actual(file);
        if (size != checksum.size() || !actual.equalsIgnoreCase(checksum.hex())) {
            deleteTree(staging);
            throw new ChecksumMismatch("checksum mismatch for " + path + " of " + plan.repo() + ": expected "
                    + checksum.algorithm() + " " + checksum.hex() + " (" + checksum.source() + ", " + checksum.size()
                    + " bytes), got " + actual + " (" + size + " bytes); nothing was installed at " + plan.target());
        }
        log.println("  " + path + ": " + size + " bytes, " + checksum.algorithm() + " ok (" + checksum.source()
                + ")");
    }

    /** One rename makes the model appear; a replaced one is moved aside first and removed after. */
    private static void install(Path staging, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Path old = target.resolveSibling("." + target.getFileName() + ".old");
            deleteTree(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The services' own loader reads the folder; a failure is reported, the verified files stay. */
    private void checkLayout(Path target, String variant) {
        try {
            ModelDirectory.open(target, variant, null);
            log.println("layout ok: model-runtime reads " + target);
        } catch (RuntimeException e) {
            log.println("warning: the files are verified, but model-runtime cannot read " + target + " as a model: "
                    + e.getMessage());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
