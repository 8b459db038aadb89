package io.clipstream.bench;

import io.clipstream.kafka.naming.Names;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.model.onnx.PixelInput;
import io.clipstream.events.ClickPair;
import io.clipstream.events.EmbeddingMessage;
import io.clipstream.events.EventJson;
import io.clipstream.events.ImageEmbedded;
import io.clipstream.events.ModelVersionEvent.ReindexTarget;
import io.clipstream.events.VectorEncoding;
import io.clipstream.kafka.clients.KafkaClientFactory;
import io.clipstream.kafka.retry.Backoff;
import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.Tower;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.store.milvus.MilvusSettings;
import io.clipstream.store.milvus.MilvusVectorStore;
import io.clipstream.testing.KafkaBroker;
import io.clipstream.testing.MilvusLite;
import io.clipstream.testing.QuarkusApp;
import io.clipstream.trainer.cycle.CycleResult;
import io.clipstream.trainer.cycle.CycleSettings;
import io.clipstream.trainer.cycle.CycleVersions;
import io.clipstream.trainer.cycle.TrainingCycle;
import io.clipstream.trainer.data.ClickPairLog;
import io.clipstream.trainer.data.EmbeddingCatalogue;
import io.clipstream.trainer.data.KafkaClients;
import io.clipstream.trainer.data.QueryTextEmbedder;
import io.clipstream.trainer.job.QueryEmbedder;
import io.clipstream.trainer.job.TrainingJobSettings;
import io.clipstream.trainer.registry.RunReports;
import io.clipstream.versions.AdminReindexProgress;
import io.clipstream.versions.ModelsFollower;
import io.clipstream.versions.ModelsWriter;
import io.clipstream.versions.ReindexProgress;
import io.clipstream.versions.VersionActivation;
import io.clipstream.versions.VersionRetention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The learning loop's costs on one machine, in one run: a planted world of {@code concepts} clusters of base image
 * vectors in the embeddings log and {@code pairs} click pairs on the click-pairs topic (query vectors planted, the
 * model's real text tower run on every query text for its cost), then one full training cycle in-process against the packaged indexer: read, embed,
 * train, evaluate, publish, reindex into Milvus Lite, activate. The reindex rate is set against the image encoder's
 * own rate on the same machine (what a GPU-less re-encode of the collection would cost).
 *
 * <pre>
 * TrainerBenchmark --model DIR [--images 20000] [--pairs 100000] [--concepts 200] [--epochs 10]
 *                  [--raw-seconds 20] [--out bench-out]
 * </pre>
 */
public final class TrainerBenchmark {

    private static final String MODEL_ID = "bench";
    private static final ObjectMapper JSON = EventJson.mapper();

    private final Path model;
    private final int images;
    private final int pairs;
    private final int concepts;
    private final int epochs;
    private final int rawSeconds;
    private final Path out;

    private TrainerBenchmark(BenchArgs args) {
        model = Path.of(args.get("model", "bench-out/vit-b-32/clip-hf"));
        images = args.getInt("images", 20_000);
        pairs = args.getInt("pairs", 100_000);
        concepts = args.getInt("concepts", 200);
        epochs = args.getInt("epochs", 10);
        rawSeconds = args.getInt("raw-seconds", 20);
        out = Path.of(args.get("out", "bench-out"));
    }

    public static void main(String[] argv) throws Exception {
        new TrainerBenchmark(BenchArgs.parse(argv)).run();
    }

    private void run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine", Machine.describe());
        result.put("model", model.toString());
        result.put("images", images);
        result.put("pairs", pairs);
        result.put("concepts", concepts);
        result.put("epochs", epochs);
        double encoderRate = RawImageEncoder.imagesPerSecond(model, 32, rawSeconds, PixelInput.FLOAT);
        result.put("raw_encoder_images_per_s", round(encoderRate));

        Path work = Files.createTempDirectory(out.toAbsolutePath().getParent() == null ? Path.of(".")
                : Files.createDirectories(out.toAbsolutePath()), "trainer-bench-");
        try (KafkaBroker kafka = KafkaBroker.builder().start(); MilvusLite milvus = MilvusLite.builder().start();
             ClipModel clip = ClipModel.open(model, ModelOptions.only(Tower.TEXT, ExecutionSettings.defaults())
                     .withModelId(MODEL_ID))) {
            String embeddings = "bench.images.embeddings." + MODEL_ID;
            kafka.createTopic(embeddings, 6, Map.of("cleanup.policy", "compact"));
            kafka.createTopic("bench.training.click-pairs", 4, Map.of());
            kafka.createTopic("bench.models", 1, Map.of("cleanup.policy", "compact"));
            PlantedClicks world = new PlantedClicks(concepts, images, clip.dims(), 42);
            long t0 = System.nanoTime();
            writeEmbeddings(kafka.bootstrapServers(), embeddings, world);
            writePairs(kafka.bootstrapServers(), "bench.training.click-pairs", world.clicks(pairs, Instant.now()));
            result.put("write_inputs_s", seconds(t0));

            Path registry = work.resolve("registry");
            Map<String, String> config = new LinkedHashMap<>();
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            config.put("clipstream.milvus.uri", milvus.uri());
            config.put("clipstream.model.dir", model.toString());
            config.put("clipstream.model.id", MODEL_ID);
            config.put("clipstream.encode.enabled", "false");
            config.put("clipstream.topics.uploaded", "bench.images.uploaded");
            config.put("clipstream.topics.embeddings-prefix", "bench.images.embeddings.");
            config.put("clipstream.topics.models", "bench.models");
            config.put("clipstream.topics.partitions", "6");
            config.put("clipstream.registry.dir", registry.toString());
            Path runJar = Path.of("indexer/target/quarkus-app/quarkus-run.jar").toAbsolutePath();
            KafkaClientFactory factory = kafka.clients();
            KafkaClients clients = new KafkaClients(factory);
            Duration kafkaTimeout = Duration.ofSeconds(30);
            ModelsFollower follower = ModelsFollower.create(factory, "bench-models", new ModelsFollower.Settings(
                    "bench.models", MODEL_ID, Backoff.ofMillis(1000, 30_000), Duration.ofMillis(250)), state -> { });
            follower.start();
            try (QuarkusApp indexer = QuarkusApp.start("indexer-trainer-bench", runJar, config, Duration.ofMinutes(3));
                 Admin admin = factory.admin("bench-versions");
                 ModelsWriter writer = ModelsWriter.create(factory, "bench-models", "bench.models", kafkaTimeout);
                 MilvusVectorStore store = new MilvusVectorStore(new MilvusSettings(milvus.uri(), "", "", 5000, 60_000,
                         16, 200, 64))) {
                ReindexProgress progress = new AdminReindexProgress(admin, kafkaTimeout);
                ReindexTarget end = progress.target(embeddings);
                long v0Start = System.nanoTime();
                awaitCaughtUp(progress, Names.projectorGroup(MODEL_ID, 0), end);
                double v0Seconds = seconds(v0Start);
                result.put("v0_projection_s", round(v0Seconds));
                result.put("v0_projection_vectors_per_min", round(images / v0Seconds * 60));

                AdapterRegistry adapters = new AdapterRegistry(registry);
                TrainingJobSettings job = TrainingJobSettings.defaults().withTraining(
                        TrainingJobSettings.defaults().training().toBuilder().epochs(epochs)
                                .threads(Runtime.getRuntime().availableProcessors()).build());
                CycleSettings settings = new CycleSettings(MODEL_ID, model, Duration.ofDays(30).toMillis(), job, true,
                        Duration.ofMinutes(30).toMillis(), 250, Optional.empty());
                VersionActivation activation = new VersionActivation(new VersionActivation.Target(MODEL_ID,
                        clip.dims(), "images_bench"), follower, progress, store, adapters, writer, Clock.systemUTC(),
                        kafkaTimeout);
                TrainingCycle cycle = new TrainingCycle(settings, new ClickPairLog(clients, "bench.training.click-pairs"),
                        new EmbeddingCatalogue(clients, embeddings), world.queryEmbedder(new QueryTextEmbedder(clip)),
                        adapters, new RunReports(registry, MODEL_ID), new CycleVersions(follower, writer, progress,
                                activation, new VersionRetention(MODEL_ID, 3, follower, writer, kafkaTimeout),
                                kafkaTimeout), Clock.systemUTC());
                long cycleStart = System.nanoTime();
                CycleResult cycleResult = cycle.run();
                double cycleSeconds = seconds(cycleStart);
                JsonNode report = JSON.readTree(cycleResult.report().toFile());
                result.put("cycle", cycleNumbers(report, cycleSeconds, encoderRate));
                result.put("cycle_outcome", cycleResult.reasons());
                Files.copy(cycleResult.report(), out.resolve("trainer-cycle-report.json"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                follower.stop(Duration.ofSeconds(10));
            }
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Files.createDirectories(out);
        Files.writeString(out.resolve("trainer.json"), json);
        System.out.println(json);
    }

    private Map<String, Object> cycleNumbers(JsonNode report, double cycleSeconds, double encoderRate) {
        Map<String, Object> c = new LinkedHashMap<>();
        JsonNode training = report.path("training");
        JsonNode durations = training.path("durations");
        JsonNode counts = training.path("counts");
        c.put("total_s", round(cycleSeconds));
        c.put("read_s", round(report.path("readMillis").asDouble() / 1000));
        c.put("embed_queries_s", round(durations.path("embedMillis").asDouble() / 1000));
        double trainSeconds = durations.path("trainMillis").asDouble() / 1000;
        c.put("train_s", round(trainSeconds));
        c.put("eval_s", round(durations.path("evalMillis").asDouble() / 1000));
        c.put("counts", counts);
        long pairEpochs = 0;
        for (JsonNode check : training.path("training").path("run").path("checks")) {
            pairEpochs += check.path("pairs").asLong();
        }
        c.put("train_pair_epochs", pairEpochs);
        c.put("train_pairs_per_min", round(pairEpochs / trainSeconds * 60));
        double reindexSeconds = report.path("reindexWaitMillis").asDouble() / 1000;
        c.put("reindex_s", round(reindexSeconds));
        c.put("reindex_vectors_per_min", round(images / reindexSeconds * 60));
        double encodeSeconds = images / encoderRate;
        c.put("encoder_s_for_same_images", round(encodeSeconds));
        c.put("reindex_speedup_over_encoder", round(encodeSeconds / reindexSeconds));
        c.put("test_before", training.path("test").path("before"));
        c.put("test_after", training.path("test").path("after"));
        c.put("chosen_scale", training.path("chosenScale"));
        c.put("published", report.path("published").asBoolean());
        return c;
    }

    private static void awaitCaughtUp(ReindexProgress progress, String group, ReindexTarget end)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (progress.remaining(group, end) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " did not catch up in 30 minutes");
            }
            Thread.sleep(250);
        }
    }

    private static void writeEmbeddings(String bootstrap, String topic, PlantedClicks world) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            Instant now = Instant.now();
            for (int i = 0; i < world.imageCount(); i++) {
                String id = world.imageId(i);
                float[] v = world.image(i);
                ImageEmbedded header = new ImageEmbedded(id, MODEL_ID, v.length, VectorEncoding.F32LE, null,
                        "image/jpeg", 224, 224, Map.of(), now, now);
                producer.send(new ProducerRecord<>(topic, id, new EmbeddingMessage(header, v).encode()));
            }
            producer.flush();
        }
    }

    private static void writePairs(String bootstrap, String topic, List<ClickPair> clicks) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (ClickPair pair : clicks) {
                producer.send(new ProducerRecord<>(topic, null, pair.clickTime().toEpochMilli(), pair.searchId(),
                        JSON.writeValueAsBytes(pair)));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return KafkaClientFactory.forBootstrap(bootstrap).producer("bench-trainer", new StringSerializer(),
                new ByteArraySerializer(), Map.of(ProducerConfig.LINGER_MS_CONFIG, "20",
                        ProducerConfig.BATCH_SIZE_CONFIG, "262144"));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * A planted world: {@code concepts} clusters of unit image vectors (cosine about 0.5 to their centre), ten query
     * phrasings per concept, and clicks of a concept's phrasing on that concept's images at position-biased ranks.
     */
    static final class PlantedClicks {

        private final int concepts;
        private final float[][] centres;
        private final float[][] images;
        private final int[] conceptOf;
        private final Random random;

        PlantedClicks(int concepts, int imageCount, int dims, long seed) {
            this.concepts = concepts;
            this.random = new Random(seed);
            centres = new float[concepts][];
            for (int c = 0; c < concepts; c++) {
                centres[c] = unit(gaussian(dims, 1.0));
            }
            images = new float[imageCount][];
            conceptOf = new int[imageCount];
            for (int i = 0; i < imageCount; i++) {
                conceptOf[i] = i % concepts;
                float[] noise = gaussian(dims, 1.0 / Math.sqrt(dims));
                float[] v = centres[conceptOf[i]].clone();
                for (int k = 0; k < dims; k++) {
                    v[k] += noise[k];
                }
                images[i] = unit(v);
            }
        }

        int imageCount() {
            return images.length;
        }

        String imageId(int i) {
            return "img-" + i;
        }

        float[] image(int i) {
            return images[i];
        }

        /**
         * Query vectors of the planted world: a concept's phrasing is a fixed signed permutation of the concept's
         * image centre plus noise, so the base model ranks at chance and a linear adapter can learn the concepts.
         * The real text tower still runs on every text, so the cycle pays its true cost.
         */
        QueryEmbedder queryEmbedder(QueryTextEmbedder textTower) {
            return texts -> {
                textTower.embed(texts);
                float[][] out = new float[texts.size()][];
                for (int i = 0; i < texts.size(); i++) {
                    String[] words = texts.get(i).split(" ");
                    int concept = Integer.parseInt(words[1]);
                    Random phrasing = new Random(31L * concept + Integer.parseInt(words[3]));
                    float[] centre = centres[concept];
                    int d = centre.length;
                    float[] v = new float[d];
                    for (int k = 0; k < d; k++) {
                        v[(k + 7) % d] = (k % 2 == 0 ? -1 : 1) * centre[k]
                                + (float) (0.3 * phrasing.nextGaussian() / Math.sqrt(d));
                    }
                    out[i] = unit(v);
                }
                return out;
            };
        }

        /** Clicks spread over the last ten days before {@code end}, oldest first. */
        List<ClickPair> clicks(int count, Instant end) {
            List<ClickPair> out = new ArrayList<>(count);
            long span = Duration.ofDays(10).toMillis();
            int perConcept = images.length / concepts;
            for (int j = 0; j < count; j++) {
                int concept = random.nextInt(concepts);
                String query = "object " + concept + " variant " + random.nextInt(10);
                int image = concept + concepts * random.nextInt(perConcept);
                int rank = 1 + (int) Math.floor(Math.pow(20, random.nextDouble())) - 1;
                List<String> negatives = new ArrayList<>();
                for (int n = 0; n < 3; n++) {
                    int other = random.nextInt(images.length);
                    if (conceptOf[other] != concept) {
                        negatives.add(imageId(other));
                    }
                }
                Instant time = end.minusMillis(span - span * j / count + 1);
                out.add(new ClickPair("s-" + j, "c-" + j, query, imageId(image), rank, negatives,
                        Math.min(rank + 1, 10), MODEL_ID, 0, time.minusSeconds(5), time));
            }
            return out;
        }

        private float[] gaussian(int dims, double sigma) {
            float[] v = new float[dims];
            for (int k = 0; k < dims; k++) {
                v[k] = (float) (random.nextGaussian() * sigma);
            }
            return v;
        }

        private static float[] unit(float[] v) {
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int k = 0; k < v.length; k++) {
                v[k] *= inv;
            }
            return v;
        }
    }
}
