package io.clipstream.local.model;

import io.clipstream.cli.CliFailure;
import io.clipstream.cli.model.CatalogueEntry;
import io.clipstream.cli.model.ChecksumMismatch;
import io.clipstream.cli.model.FetchPlan;
import io.clipstream.cli.model.HubClient;
import io.clipstream.cli.model.ModelCatalogue;
import io.clipstream.cli.model.ModelFetcher;
import io.clipstream.cli.progress.Progress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The model of {@code clipstream local} when none is named: the catalogue's real CLIP, fetched on the first run
 * with {@code model fetch}'s machinery (checksums, resumable, all or nothing) into the models folder and taken
 * from there afterwards without any network; the bundled tiny CLIP, said in one line, when the hub cannot deliver
 * it now or the run is offline. A checksum mismatch stops the run instead: the hub answered with wrong bytes,
 * which waiting will not fix, and falling back would download them again on every start.
 */
public final class DefaultModel {

    /** The catalogue entry offered by default. */
    public static final String NAME = "clip-vit-base-patch32";
    /** A fresh clone without network must start promptly: how long the hub has to answer each listing request. */
    public static final Duration HUB_TIMEOUT = Duration.ofSeconds(3);

    private static final String TINY_NOTE = "the bundled tiny CLIP, which knows only the synthetic pictures of "
            + "./samples";

    private final CatalogueEntry entry;
    private final String revision;
    private final Path modelsDir;
    private final Path tinyModel;
    private final PrintWriter out;

    /**
     * @param revision the hub revision to fetch; null for the catalogue's pinned commit (whose SHA-256 pins then
     *                 apply)
     * @param modelsDir where fetched models live, one folder per catalogue name (as {@code model fetch} puts them)
     * @param tinyModel the fallback
     */
    public DefaultModel(CatalogueEntry entry, String revision, Path modelsDir, Path tinyModel, PrintWriter out) {
        this.entry = entry;
        this.revision = revision;
        this.modelsDir = modelsDir;
        this.tinyModel = tinyModel;
        this.out = out;
    }

    public static DefaultModel fromCatalogue(Path modelsDir, Path tinyModel, PrintWriter out) {
        CatalogueEntry entry = ModelCatalogue.bundled().find(NAME)
                .orElseThrow(() -> new IllegalStateException("the model catalogue has no " + NAME));
        return new DefaultModel(entry, null, modelsDir, tinyModel, out);
    }

    /** Where the fetched model lives (or will). */
    public Path fetchedDir() {
        return modelsDir.resolve(entry.name());
    }

    /**
     * The folder to run: the fetched model when it is there, else (unless offline) the one fetched now from
     * {@code hubUrl}, else the tiny model with one line saying why and how to get the real one.
     *
     * @param token a hub access token (HF_TOKEN); null for none
     * @throws ChecksumMismatch when the hub's bytes do not match; nothing was installed
     */
    public Path choose(boolean offline, String hubUrl, String token, boolean progressBars) {
        Path target = fetchedDir();
        if (Files.isDirectory(target)) {
            return target;
        }
        if (offline) {
            return tiny("--offline: using " + TINY_NOTE + ". For photos, run once without --offline to fetch "
                    + NAME + " (about 600 MB, once), or ./clipstream model fetch " + NAME);
        }
        try {
            new ModelFetcher(HubClient.connect(hubUrl, token, HUB_TIMEOUT), Progress.Factory.downloads(progressBars),
                    out).fetch(FetchPlan.of(entry, revision, "", target, false));
            return target;
        } catch (ChecksumMismatch e) {
            throw e;
        } catch (CliFailure e) {
            return tiny("Using " + TINY_NOTE + ": " + NAME + " could not be fetched (" + e.getMessage() + "). "
                    + "Run again when the hub answers to fetch it (about 600 MB, once; a broken-off download "
                    + "resumes), or ./clipstream model fetch " + NAME);
        }
    }

    private Path tiny(String line) {
        out.println(line);
        out.flush();
        return tinyModel;
    }
}
