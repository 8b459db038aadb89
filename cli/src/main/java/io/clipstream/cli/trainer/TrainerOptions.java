package io.clipstream.cli.trainer;

import io.clipstream.cli.ClipstreamCli;
import io.clipstream.cli.CliFailure;
import io.clipstream.cli.http.JsonHttp;
import io.clipstream.cli.http.Service;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where the trainer is and the admin key its changing calls need; mixed into the trainer and model commands. */
public final class TrainerOptions {

    public static final String API_KEY_ENV = "CLIPSTREAM_ADMIN_API_KEY";

    @Option(names = "--trainer-url", paramLabel = "URL", defaultValue = "${env:CLIPSTREAM_TRAINER_URL:-http://localhost:8082}",
            description = "Trainer base url (default: ${DEFAULT-VALUE}).")
    String trainerUrl;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Admin key (X-API-Key); default: $" + API_KEY_ENV + ".")
    String apiKey;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000", description = "Request timeout (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    public long timeoutMs() {
        return timeoutMs;
    }

    public String trainerUrl() {
        return trainerUrl;
    }

    public TrainerClient client() {
        return new TrainerClient(new JsonHttp(Service.TRAINER, trainerUrl, Duration.ofMillis(timeoutMs)));
    }

    /** The key from the option or the environment; a missing key is a usage error, not a 401 round trip. */
    public String apiKey(CommandSpec spec) {
        return resolveKey(apiKey, ClipstreamCli.root(spec).env().get(API_KEY_ENV));
    }

    public static String resolveKey(String option, String env) {
        String key = option != null && !option.isBlank() ? option : env;
        if (key == null || key.isBlank()) {
            throw CliFailure.usage("this call needs the admin key: pass --api-key or set " + API_KEY_ENV);
        }
        return key;
    }
}
