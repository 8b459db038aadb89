package io.clipstream.cli.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.cli.CliRun;
import io.clipstream.testing.StubServer;
import io.clipstream.testing.FreePorts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainerCommandsTest {

    static final Map<String, String> ENV = Map.of(TrainerOptions.API_KEY_ENV, "s3cret");

    /** A CycleReport as the trainer writes it (fields trimmed to the ones shown). */
    static final String REPORT = """
            {"runId":"run-2","baseModelId":"tiny-clip","started":"2026-01-01T03:00:00Z",
             "finished":"2026-01-01T03:01:00Z","pairsInWindow":1200,"published":false,
             "outcome":["not published: the gate refused"],
             "training":{"gate":{"publish":false,"reasons":[
               "held-out nDCG@10 +0.004 < required +0.020: FAIL","guardrail drop 0.000 <= 0.020: ok"]}}}""";

    static final String VERSIONS = """
            {"baseModelId":"tiny-clip","active":1,
             "published":[{"version":0,"collection":"images_tiny_clip_v0","time":"2026-01-01T00:00:00Z"},
                          {"version":1,"collection":"images_tiny_clip_v1","time":"2026-01-02T00:00:00Z"},
                          {"version":2,"collection":"images_tiny_clip_v2","time":"2026-01-03T00:00:00Z"}],
             "retired":[]}""";

    static final String ACTIVATED = """
            {"type":"ACTIVATED","baseModelId":"tiny-clip","version":2,"collection":"images_tiny_clip_v2",
             "previousVersion":1,"time":"2026-01-03T00:00:00Z"}""";

    /** A trainer whose run goes for two polls; the latest report is the previous run's until then. */
    private static StubServer trainerRunningTwoPolls(AtomicInteger polls) {
        AtomicInteger latest = new AtomicInteger();
        return new StubServer()
                .json("POST", "/v1/trainer/runs", 202, "{\"status\":\"started\"}")
                .on("GET", "/v1/trainer/runs", (ex, r) -> StubServer.json(ex, 200,
                        "{\"running\":" + (polls.incrementAndGet() <= 2) + ",\"runs\":[\"run-1\",\"run-2\"]}"))
                .on("GET", "/v1/trainer/runs/latest", (ex, r) -> StubServer.json(ex, 200,
                        latest.incrementAndGet() == 1 ? REPORT.replace("run-2", "run-1") : REPORT));
    }

    @Test
    void runWaitsForTheNewReportAndPrintsTheGateDecision() {
        AtomicInteger polls = new AtomicInteger();
        try (StubServer trainer = trainerRunningTwoPolls(polls)) {
            CliRun run = CliRun.run(ENV, "trainer", "run", "--wait", "--poll-ms", "1", "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("training cycle started").contains("run run-2 of tiny-clip")
                    .contains("gate: REFUSED").contains("  - held-out nDCG@10 +0.004 < required +0.020: FAIL")
                    .contains("outcome: not published: the gate refused");
            StubServer.Request post = trainer.requests().stream().filter(r -> r.method().equals("POST")).findFirst()
                    .orElseThrow();
            assertThat(post.header("X-API-Key")).isEqualTo("s3cret");
            assertThat(polls.get()).isEqualTo(3);
        }
    }

    @Test
    void failIfRefusedTurnsARefusalIntoExitOne() {
        try (StubServer trainer = trainerRunningTwoPolls(new AtomicInteger())) {
            CliRun run = CliRun.run(ENV, "trainer", "run", "--wait", "--poll-ms", "1", "--fail-if-refused",
                    "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("gate: REFUSED");
        }
    }

    @Test
    void aRunThatStopsWithoutANewReportFails() {
        try (StubServer trainer = new StubServer()
                .json("POST", "/v1/trainer/runs", 202, "{\"status\":\"started\"}")
                .json("GET", "/v1/trainer/runs", 200, "{\"running\":false,\"runs\":[\"run-2\"]}")
                .json("GET", "/v1/trainer/runs/latest", 200, REPORT)) {
            CliRun run = CliRun.run(ENV, "trainer", "run", "--wait", "--poll-ms", "1", "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("ended without a report");
        }
    }

    @Test
    void runWithoutAnAdminKeyIsAUsageErrorAndCallsNothing() {
        try (StubServer trainer = new StubServer()) {
            CliRun run = CliRun.run(Map.of(), "trainer", "run", "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("--api-key").contains(TrainerOptions.API_KEY_ENV);
            assertThat(trainer.requests()).isEmpty();
        }
    }

    @Test
    void aRunAlreadyGoingExitsOne() {
        try (StubServer trainer = new StubServer()
                .json("GET", "/v1/trainer/runs/latest", 404, "{\"status\":404,\"detail\":\"none\"}")
                .json("POST", "/v1/trainer/runs", 409, "{\"status\":409,\"detail\":\"a training cycle is already running\"}")) {
            CliRun run = CliRun.run(Map.of(), "trainer", "run", "--api-key", "k", "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("already running");
        }
    }

    @Test
    void modelListMarksTheActiveVersion() {
        try (StubServer trainer = new StubServer().json("GET", "/v1/trainer/versions", 200, VERSIONS)) {
            CliRun run = CliRun.run("model", "list", "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("clip-vit-base-patch32").contains("siglip2-base-patch16-224")
                    .contains("versions of tiny-clip (* active):")
                    .containsPattern("(?m)^  v0  images_tiny_clip_v0")
                    .containsPattern("(?m)^\\* v1  images_tiny_clip_v1")
                    .containsPattern("(?m)^  v2  images_tiny_clip_v2");
        }
    }

    @Test
    void modelListWithoutTrainerUrlCallsNoService() {
        CliRun run = CliRun.run("model", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Xenova/clip-vit-base-patch32").doesNotContain("versions of");
    }

    @Test
    void activatePostsTheVersionWithTheKeyFromTheEnvironment() {
        try (StubServer trainer = new StubServer().json("POST", "/v1/trainer/versions/2/activate", 200, ACTIVATED)) {
            CliRun run = CliRun.run(ENV, "model", "activate", "2", "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("activated tiny-clip v2 (collection images_tiny_clip_v2), previously v1");
            assertThat(trainer.requests()).singleElement()
                    .satisfies(r -> assertThat(r.header("X-API-Key")).isEqualTo("s3cret"));
        }
    }

    @Test
    void aWrongKeyExitsOneWithTheTrainersReason() {
        try (StubServer trainer = new StubServer().json("POST", "/v1/trainer/versions/2/activate", 403,
                "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"wrong admin key\","
                        + "\"field\":\"X-API-Key\"}")) {
            CliRun run = CliRun.run(Map.of(), "model", "activate", "2", "--api-key", "nope",
                    "--trainer-url", trainer.url());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("trainer answered 403").contains("wrong admin key (field X-API-Key)");
            assertThat(trainer.requests().get(0).header("X-API-Key")).isEqualTo("nope");
        }
    }

    @Test
    void rollbackGoesToTheTrainerOrToTheQueryApi() {
        String rolledBack = ACTIVATED.replace("\"version\":2", "\"version\":1").replace("v2\"", "v1\"")
                .replace("\"previousVersion\":1", "\"previousVersion\":2");
        try (StubServer trainer = new StubServer().json("POST", "/v1/trainer/rollback", 200, rolledBack);
             StubServer query = new StubServer().json("POST", "/v1/admin/models/rollback", 202, rolledBack)) {
            CliRun viaTrainer = CliRun.run(ENV, "model", "rollback", "--trainer-url", trainer.url());
            CliRun viaQuery = CliRun.run(ENV, "model", "rollback", "--query-url", query.url());

            assertThat(viaTrainer.exitCode()).as(viaTrainer.toString()).isZero();
            assertThat(viaQuery.exitCode()).as(viaQuery.toString()).isZero();
            assertThat(viaTrainer.out()).contains("activated tiny-clip v1").contains("previously v2");
            assertThat(List.of(trainer.requests().size(), query.requests().size())).containsExactly(1, 1);
            assertThat(query.requests().get(0).header("X-API-Key")).isEqualTo("s3cret");
        }
    }

    @Test
    void anUnreachableTrainerExitsThree() {
        String url = "http://127.0.0.1:" + FreePorts.pick();
        CliRun run = CliRun.run(ENV, "model", "activate", "1", "--trainer-url", url);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach the trainer at " + url);
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Exit codes:").contains("3  unreachable: Kafka bootstrap")
                .contains("publish").contains("search").contains("model").contains("trainer");
        assertThat(CliRun.run("frobnicate").exitCode()).isEqualTo(2);
    }
}
