package io.clipstream.cli.model;

import io.clipstream.cli.ClipstreamCli;
import io.clipstream.cli.progress.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fetch", sortOptions = false,
        description = {"Download a model from the Hugging Face Hub, every file checked against its SHA-256.",
                "NAME is a catalogue name (clipstream model list) or a hub repository OWNER/NAME (all its files). "
                        + "Checksums: the catalogue's pin, else the hub's LFS SHA-256, else its git blob id. The "
                        + "folder appears only when every file matched; an interrupted download resumes."})
public final class ModelFetchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Catalogue name or hub repository (OWNER/NAME).")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Target folder (default: models/NAME).")
    Path dir;

    @Option(names = "--hub-url", paramLabel = "URL", defaultValue = HubClient.URL_DEFAULT,
            description = "Hub base url (default: $HF_ENDPOINT, else " + HubClient.PUBLIC_URL + ").")
    String hubUrl;

    @Option(names = "--revision", paramLabel = "REV", description = "Branch, tag or commit (default: the catalogue's pinned commit, "
            + "main for other repositories). Catalogue pins apply only at the pinned commit.")
    String revision;

    @Option(names = "--variant", paramLabel = "VARIANT", defaultValue = "",
            description = "ONNX variant of catalogue models, e.g. fp16 (onnx/vision_model_fp16.onnx); run the "
                    + "services with clipstream.model.variant set to the same.")
    String variant;

    @Option(names = "--force", description = "Replace the target folder if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "Connect and listing timeout (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--stall-timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "A download that receives nothing for this long is broken off; run again to resume it "
                    + "(default: ${DEFAULT-VALUE}).")
    long stallTimeoutMs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelCatalogue catalogue = ModelCatalogue.bundled();
        FetchPlan plan;
        var entry = catalogue.find(name);
        if (entry.isPresent()) {
            Path target = dir != null ? dir : Path.of("models", entry.get().name());
            plan = FetchPlan.of(entry.get(), revision, variant, target, force);
        } else if (name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            Path target = dir != null ? dir : Path.of("models", name.substring(name.indexOf('/') + 1));
            plan = FetchPlan.wholeRepo(name, revision != null ? revision : "main", variant, target, force);
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown model '" + name + "': use a "
                    + "catalogue name (" + String.join(", ", catalogue.entries().stream().map(CatalogueEntry::name)
                    .toList()) + ") or a hub repository OWNER/NAME");
        }
        String token = ClipstreamCli.root(spec).env().get("HF_TOKEN");
        HubClient hub = HubClient.connect(hubUrl, token, Duration.ofMillis(timeoutMs), Duration.ofMillis(stallTimeoutMs));
        Map<String, Checksum> files = new ModelFetcher(hub, Progress.Factory.downloads(!quiet), out).fetch(plan);
        out.println("fetched " + files.size() + " files into " + plan.target() + "; use it with "
                + "./clipstream local --model " + plan.target()
                + (plan.variant().isEmpty() ? "" : " (clipstream.model.variant=" + plan.variant() + ")"));
        out.flush();
        return 0;
    }
}
