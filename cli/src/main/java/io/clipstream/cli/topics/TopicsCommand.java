package io.clipstream.cli.topics;

import io.clipstream.cli.CliFailure;
import io.clipstream.cli.ClipstreamCli;
import io.clipstream.cli.kafka.KafkaOptions;
import io.clipstream.kafka.TopicCreator;
import io.clipstream.kafka.clients.KafkaAccessException;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.topics.TopicPlan;
import io.clipstream.kafka.topics.TopicSpec;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "topics", sortOptions = false,
        description = {"The topics of a clipstream deployment, as the services plan them (kafka-support TopicPlan: "
                + "names, partitions, cleanup policies, retention).",
                "Settings come from the services' variables (CLIPSTREAM_MODEL_ID, CLIPSTREAM_TOPICS_PARTITIONS, "
                        + "CLIPSTREAM_TOPICS_<NAME>, KAFKA_*), so a run beside them plans what they would create."},
        subcommands = {TopicsCommand.Plan.class, TopicsCommand.Create.class})
public final class TopicsCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: plan or create");
    }

    /** What both subcommands plan from. */
    static class PlanOptions {
        @Option(names = "--model-id", paramLabel = "ID",
                description = "The model id that names the embeddings log (default: $CLIPSTREAM_MODEL_ID).")
        String modelId;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "A clipstream.topics.* setting above the environment, e.g. "
                        + "--set clipstream.topics.partitions=12; repeatable.")
        Map<String, String> settings = new LinkedHashMap<>();

        TopicPlan plan(CommandLine.Model.CommandSpec spec) {
            Map<String, String> env = ClipstreamCli.root(spec).env();
            String model = modelId != null ? modelId : env.get("CLIPSTREAM_MODEL_ID");
            if (model == null || model.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--model-id (or CLIPSTREAM_MODEL_ID) is required: it names the embeddings log");
            }
            settings.keySet().stream().filter(key -> !key.startsWith(TopicsSettings.PREFIX + ".")).findFirst()
                    .ifPresent(key -> {
                        throw new CommandLine.ParameterException(spec.commandLine(),
                                "--set " + key + ": only " + TopicsSettings.PREFIX + ".* settings plan topics");
                    });
            return TopicPlan.of(TopicsSettings.read(env, settings), model);
        }
    }

    @Command(name = "plan", description = "Print the planned topics, one a line: name, partitions, configs.")
    static final class Plan implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        PlanOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            options.plan(spec).all().forEach(topic -> out.println(line(topic)));
            out.flush();
            return 0;
        }
    }

    @Command(name = "create", description = {"Create the planned topics that are missing (existing ones are left "
            + "as they are), then check that search.impressions and search.clicks are co-partitioned.",
            "Idempotent: what docker-compose's kafka-init runs before the services start."})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        PlanOptions options;

        @Mixin
        KafkaOptions kafkaOptions;

        @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "60000",
                description = "How long Kafka may take to answer (default: ${DEFAULT-VALUE}).")
        long timeoutMs;

        @Override
        public Integer call() throws InterruptedException {
            TopicPlan plan = options.plan(spec);
            KafkaClientFactory kafka = kafkaOptions.factory(ClipstreamCli.root(spec).env());
            PrintWriter out = spec.commandLine().getOut();
            try {
                Set<String> created = TopicCreator.ensure(kafka, plan.all().stream().map(TopicSpec::newTopic)
                        .toList(), timeoutMs);
                plan.all().forEach(topic -> out.println((created.contains(topic.name()) ? "created " : "exists  ")
                        + line(topic)));
                List<String> joined = plan.select(TopicPlan.CO_PARTITIONED).stream().map(TopicSpec::name).toList();
                Map<String, Integer> partitions = TopicCreator.requireCoPartitioned(kafka, joined, timeoutMs);
                out.println("co-partitioned " + partitions);
            } catch (IllegalStateException e) {
                throw CliFailure.failed(e.getMessage(), e);
            } catch (TimeoutException e) {
                throw CliFailure.unreachable("Kafka at " + kafka.describe() + " did not answer within " + timeoutMs
                        + " ms", e);
            } catch (ExecutionException e) {
                throw KafkaAccessException.of(e, kafka, "create the topics").map(
                        refused -> CliFailure.failed(refused.getMessage(), e)).orElseGet(() -> CliFailure.failed(
                        "Kafka at " + kafka.describe() + " refused: " + e.getCause().getMessage(), e));
            } finally {
                out.flush();
            }
            return 0;
        }
    }

    static String line(TopicSpec topic) {
        StringBuilder line = new StringBuilder(topic.name()).append(' ').append(topic.partitions());
        new java.util.TreeMap<>(topic.configs()).forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }
}
