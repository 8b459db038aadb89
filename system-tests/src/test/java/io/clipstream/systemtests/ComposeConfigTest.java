package io.clipstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.kafka.topics.TopicPlan;
import io.clipstream.kafka.topics.TopicRole;
import io.clipstream.kafka.topics.TopicSpec;
import io.clipstream.testing.RepoPaths;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml (and the GPU override) against the services' own configuration: every variable it sets is a
 * property the service knows, kafka-init creates the services' own topic plan (kafka-support TopicPlan, read from the
 * same settings they read) and every channel topic is in it, ports, model and registry agree, and docker-compose itself accepts the files where it is installed.
 * No container runs here (no Docker engine on these machines): this is what can be checked without one.
 */
class ComposeConfigTest {

    private static final List<String> SERVICES = List.of("indexer", "query-api", "trainer");
    /** The only variable the file requires; everything else takes its default, as on a clean checkout. */
    private static final Map<String, String> ENV = Map.of("CLIPSTREAM_ADMIN_API_KEY", "compose-config-test");

    private static Path root;
    private static ComposeFile compose;
    private static ComposeFile gpu;
    private static final Map<String, ServiceProperties> CONFIG = new LinkedHashMap<>();

    @BeforeAll
    static void load() {
        root = RepoPaths.root();
        compose = ComposeFile.load(ENV, root.resolve("docker-compose.yml"));
        gpu = ComposeFile.load(ENV, root.resolve("docker-compose.yml"), root.resolve("docker-compose.gpu.yml"));
        SERVICES.forEach(s -> CONFIG.put(s, ServiceProperties.of(root, s)));
    }

    @Test
    void everyClipstreamKafkaAndQuarkusVariableIsAPropertyOfItsService() {
        List<String> unknown = new ArrayList<>();
        for (ComposeFile file : List.of(compose, gpu)) {
            for (String service : SERVICES) {
                file.environment(service).keySet().stream()
                        .filter(name -> name.matches("(CLIPSTREAM|KAFKA|QUARKUS)_.*"))
                        .filter(name -> CONFIG.get(service).propertyOfEnv(name).isEmpty())
                        .forEach(name -> unknown.add(service + ": " + name));
            }
        }
        assertThat(unknown).as("variables no property of the service answers to (a typo is silently ignored)")
                .isEmpty();
    }

    @Test
    void kafkaInitCreatesTheTopicPlanFromTheServicesOwnSettings() {
        assertThat(compose.command("kafka-init")).as("kafka-init runs `clipstream topics create`")
                .isEqualTo("topics create");
        assertThat(compose.service("kafka-init").get("image")).isEqualTo(compose.service("model-fetch").get("image"));
        Map<String, String> init = compose.environment("kafka-init");
        TopicPlan planned = ServiceConfig.of(root, null, init).plan();
        for (String service : SERVICES) {
            Map<String, String> env = compose.environment(service);
            assertThat(topicSettings(init)).as("kafka-init plans with " + service + "'s topic and Kafka settings")
                    .isEqualTo(topicSettings(env));
            assertThat(ServiceConfig.of(root, service, env).plan().all()).as(service + "'s topic plan")
                    .isEqualTo(planned.all());
        }
    }

    @Test
    void everyChannelTopicOfTheServicesIsPlanned() {
        Set<String> planned = ServiceConfig.of(root, null, compose.environment("kafka-init")).plan().all().stream()
                .map(TopicSpec::name).collect(Collectors.toSet());
        int checked = 0;
        for (String service : SERVICES) {
            ServiceConfig config = ServiceConfig.of(root, service, compose.environment(service));
            for (String property : channelTopicProperties(service)) {
                assertThat(planned).as(service + " " + property).contains(config.value(property));
                checked++;
            }
        }
        // uploads, embeddings-out, thumbnails-out, uploads-dlq, embeddings-dlq, indexed-out (indexer); impressions,
        // clicks and the thumbnails view (query API). The projectors and the models followers read through the
        // factory, from the same plan.
        assertThat(checked).as("channel topics of the indexer and the query API").isGreaterThanOrEqualTo(9);
    }

    @Test
    void impressionsAndClicksAreCoPartitionedAndTheModelsTopicHasOnePartition() {
        TopicPlan plan = ServiceConfig.of(root, null, compose.environment("kafka-init")).plan();

        assertThat(plan.select(TopicPlan.CO_PARTITIONED)).extracting(TopicSpec::partitions)
                .as("the trainer joins clicks to impressions partition by partition").hasSize(2)
                .containsOnly(plan.get(TopicRole.IMPRESSIONS).partitions());
        assertThat(plan.get(TopicRole.MODELS).partitions())
                .as("versions of all models in one order").isEqualTo(1);
        assertThat(plan.all()).filteredOn(TopicSpec::compacted).extracting(TopicSpec::role).containsExactlyInAnyOrder(
                TopicRole.EMBEDDINGS, TopicRole.INDEXED, TopicRole.THUMBNAILS, TopicRole.MODELS, TopicRole.PAIR_STATS,
                TopicRole.DUPLICATES, TopicRole.DUPLICATE_DISMISSALS);
    }

    @Test
    void clickPairsOutliveATrainingWindow() {
        ServiceConfig trainer = ServiceConfig.of(root, "trainer", compose.environment("trainer"));
        TopicSpec pairs = trainer.plan().get(TopicRole.CLICK_PAIRS);
        long window = Long.parseLong(CONFIG.get("trainer").value("clipstream.trainer.window-ms",
                compose.environment("trainer")));

        long retention = Long.parseLong(pairs.configs().getOrDefault("retention.ms", "604800000"));
        assertThat(retention == -1 || retention > window).as("retention.ms of the click pairs (" + retention
                + ") against clipstream.trainer.window-ms (" + window + ")").isTrue();
    }

    /** What plans the topics and reaches Kafka: the model id, clipstream.topics.* and the Kafka client settings. */
    private static Map<String, String> topicSettings(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.equals("CLIPSTREAM_MODEL_ID") || name.startsWith("CLIPSTREAM_TOPICS_")
                    || name.startsWith("KAFKA_")) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    @Test
    void publishedPortsHealthchecksAndImagesUseEachServicesHttpPort() throws IOException {
        for (String service : SERVICES) {
            String port = CONFIG.get(service).value("quarkus.http.port", compose.environment(service));

            assertThat(compose.containerPorts(service)).as(service + " published ports").isNotEmpty()
                    .allMatch(p -> String.valueOf(p).equals(port));
            assertThat(compose.healthcheck(service)).as(service + " healthcheck")
                    .containsPattern("localhost:" + port + "/q/health/(ready|live)");
            for (ComposeFile file : List.of(compose, gpu)) {
                Path dockerfile = dockerfile(file, service);
                assertThat(Files.readString(dockerfile)).as(dockerfile + " EXPOSE").containsPattern(
                        "(?m)^EXPOSE " + port + "$");
            }
        }
    }

    @Test
    void servicesBuildFromTheirDockerfilesWithTheRepositoryAsContext() {
        for (ComposeFile file : List.of(compose, gpu)) {
            for (String service : List.of("indexer", "query-api", "trainer", "model-fetch", "kafka-init")) {
                Map<String, Object> build = ComposeFile.map(file.service(service).get("build"));
                assertThat(Path.of(String.valueOf(build.get("context"))).normalize().toString())
                        .as(service + " build context").isIn(".", "");
                assertThat(dockerfile(file, service)).as(service + " Dockerfile").isRegularFile();
            }
        }
        for (String service : SERVICES) {
            assertThat(compose.service(service).get("build").toString())
                    .contains(service + "/src/main/docker/Dockerfile.jvm");
        }
        assertThat(compose.service("model-fetch").get("build").toString()).contains("cli/src/main/docker/Dockerfile");
        assertThat(compose.service("kafka-init").get("build")).isEqualTo(compose.service("model-fetch").get("build"));
    }

    @Test
    void theModelIsOneIdAndOneDirectoryFilledByModelFetch() {
        Matcher fetch = Pattern.compile("model fetch (\\S+) --dir (\\S+)").matcher(compose.command("model-fetch"));
        assertThat(fetch.find()).as("model-fetch runs `model fetch NAME --dir DIR`").isTrue();
        String fetchedVolume = compose.volumeMounts("model-fetch").stream()
                .filter(parts -> fetch.group(2).startsWith(parts[1] + "/"))
                .map(parts -> parts[0]).findFirst().orElseThrow();

        for (String service : SERVICES) {
            ServiceProperties config = CONFIG.get(service);
            Map<String, String> env = compose.environment(service);
            String id = config.value("clipstream.model.id", env);
            String dir = config.value("clipstream.model.dir", env);

            assertThat(id).as(service + " model id").isEqualTo(fetch.group(1));
            assertThat(dir).as(service + " model dir").isEqualTo(fetch.group(2));
            assertThat(compose.volumeMounts(service)).as(service + " mounts the fetched model")
                    .anyMatch(parts -> parts[0].equals(fetchedVolume) && dir.startsWith(parts[1] + "/"));
        }
        assertThat(compose.volumes()).containsKey(fetchedVolume);
    }

    @Test
    void theRegistryIsOneNamedVolumeThatOnlyTheTrainerWrites() {
        List<String> volumes = new ArrayList<>();
        for (String service : SERVICES) {
            String dir = CONFIG.get(service).value("clipstream.registry.dir", compose.environment(service));
            assertThat(dir).as(service + " registry dir").startsWith("/");
            String[] mount = compose.namedVolumeAt(service, dir).orElseThrow(
                    () -> new AssertionError(service + " mounts no named volume at its registry dir " + dir));
            volumes.add(mount[0]);
            assertThat(mount[1]).as(service + " registry mount mode")
                    .isEqualTo(service.equals("trainer") ? "rw" : "ro");
        }
        assertThat(volumes).as("registry volumes of " + SERVICES).containsOnly(volumes.get(0));
    }

    @Test
    void servicesReachKafkaAndMilvusByTheirComposeNamesAndWaitForThem() {
        Map<String, String> kafka = compose.environment("kafka");
        String internal = Pattern.compile("INTERNAL://([^,]+)").matcher(kafka.get("KAFKA_ADVERTISED_LISTENERS"))
                .results().map(r -> r.group(1)).findFirst().orElseThrow();
        assertThat(compose.environment("kafka-init").get("KAFKA_BOOTSTRAP_SERVERS")).as("kafka-init's Kafka")
                .isEqualTo(internal);

        for (String service : SERVICES) {
            Map<String, String> env = compose.environment(service);
            ServiceProperties config = CONFIG.get(service);
            assertThat(config.value("kafka.bootstrap.servers", env)).as(service + " Kafka").isEqualTo(internal);
            assertThat(config.value("clipstream.milvus.uri", env)).as(service + " Milvus")
                    .isEqualTo("http://milvus:19530");
            assertThat(compose.dependsOn(service)).as(service + " depends_on").containsAllEntriesOf(Map.of(
                    "kafka-init", "service_completed_successfully",
                    "model-fetch", "service_completed_successfully",
                    "milvus", "service_healthy"));
        }
        compose.services().keySet().forEach(service -> compose.dependsOn(service).forEach((dependency, condition) -> {
            if (condition.equals("service_healthy")) {
                assertThat(compose.healthcheck(dependency)).as(dependency + " healthcheck (" + service + " waits)")
                        .isNotBlank();
            }
        }));
    }

    @Test
    void thirdPartyImagesArePinnedToTheVersionsTheTestsUse() throws Exception {
        compose.services().forEach((name, service) -> {
            Object image = ComposeFile.map(service).get("image");
            assertThat(image).as(name + " image").isNotNull();
            assertThat(String.valueOf(image)).as(name + " image tag").matches("[^:]+:[^:]+")
                    .doesNotEndWith(":latest");
        });
        Class<?> containers = Class.forName("io.clipstream.testing.ContainerInfrastructure");
        assertThat(compose.service("kafka").get("image")).isEqualTo(constant(containers, "KAFKA_IMAGE"));
        assertThat(compose.service("milvus").get("image")).isEqualTo(constant(containers, "MILVUS_IMAGE"));
        String clients = AppInfoParser.getVersion();
        assertThat(String.valueOf(compose.service("kafka").get("image")))
                .as("broker and the services' Kafka clients (" + clients + ") on the same minor version")
                .startsWith("apache/kafka:" + clients.substring(0, clients.lastIndexOf('.') + 1));
    }

    @Test
    void theGpuOverrideRunsTheGpuBuildOnAReservedNvidiaDeviceWithCuda() throws IOException {
        Map<String, Object> indexer = gpu.service("indexer");
        assertThat(ComposeFile.map(indexer.get("build")).get("dockerfile"))
                .isEqualTo("indexer/src/main/docker/Dockerfile.gpu");
        String dockerfile = Files.readString(root.resolve("indexer/src/main/docker/Dockerfile.gpu"));
        assertThat(dockerfile).contains("-Pgpu").containsPattern("(?m)^FROM nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-");
        assertThat(Files.readString(root.resolve("pom.xml"))).contains("<id>gpu</id>");

        List<?> devices = ComposeFile.list(ComposeFile.map(ComposeFile.map(ComposeFile.map(
                indexer.get("deploy")).get("resources")).get("reservations")).get("devices"));
        assertThat(devices).hasSize(1);
        Map<String, Object> device = ComposeFile.map(devices.get(0));
        assertThat(device.get("driver")).isEqualTo("nvidia");
        assertThat(ComposeFile.list(device.get("capabilities")).stream().map(String::valueOf).toList())
                .containsExactly("gpu");

        Map<String, String> env = gpu.environment("indexer");
        assertThat(CONFIG.get("indexer").value("clipstream.onnx.device", env)).isEqualTo("cuda");
        assertThat(CONFIG.get("indexer").value("clipstream.onnx.device", compose.environment("indexer")))
                .as("the CPU images in the base file").isEqualTo("cpu");
        for (String other : List.of("query-api", "trainer")) {
            assertThat(gpu.service(other)).as(other + " unchanged by the GPU override")
                    .isEqualTo(compose.service(other));
        }
    }

    @Test
    void dockerComposeAcceptsTheFilesAndRequiresTheAdminKey(@TempDir Path tmp) throws Exception {
        Optional<Path> dockerCompose = onPath("docker-compose");
        assumeThat(dockerCompose).as("docker-compose on PATH (.ci/run installs Debian's)").isPresent();
        Path emptyEnvFile = Files.writeString(tmp.resolve("empty.env"), "");

        assertThat(dockerCompose(dockerCompose.get(), emptyEnvFile, true, "docker-compose.yml"))
                .as("docker-compose -f docker-compose.yml config -q").startsWith("exit 0");
        assertThat(dockerCompose(dockerCompose.get(), emptyEnvFile, true, "docker-compose.yml",
                "docker-compose.gpu.yml"))
                .as("docker-compose -f docker-compose.yml -f docker-compose.gpu.yml config -q").startsWith("exit 0");
        assertThat(dockerCompose(dockerCompose.get(), emptyEnvFile, false, "docker-compose.yml"))
                .as("without CLIPSTREAM_ADMIN_API_KEY").doesNotStartWith("exit 0")
                .contains("CLIPSTREAM_ADMIN_API_KEY");
    }

    /** Properties naming a Kafka topic a service's channels or Kafka Streams read or write. */
    private static List<String> channelTopicProperties(String service) {
        List<String> names = new ArrayList<>();
        try {
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(
                    root.resolve(service + "/src/main/resources/application.properties"))) {
                p.load(reader);
            }
            p.stringPropertyNames().stream()
                    .filter(k -> k.matches("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topic")
                            || k.equals("quarkus.kafka-streams.topics"))
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static Path dockerfile(ComposeFile file, String service) {
        Map<String, Object> build = ComposeFile.map(file.service(service).get("build"));
        return root.resolve(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile")))
                .normalize();
    }

    private static Object constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** "exit N" and the output of docker-compose config -q on the files, with or without the admin key. */
    private static String dockerCompose(Path executable, Path envFile, boolean withKey, String... files)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--env-file", envFile.toString()));
        for (String file : files) {
            command.add("-f");
            command.add(file);
        }
        command.addAll(List.of("config", "-q"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CLIPSTREAM_") || name.startsWith("COMPOSE_"));
        if (withKey) {
            builder.environment().putAll(ENV);
        }
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        return "exit " + process.exitValue() + ": "
                + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
