package io.clipstream.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.trainer.OfflineProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** The command line's answers to bad arguments: exit code 2 and the usage, before touching Kafka or the store. */
@QuarkusMainTest
@TestProfile(OfflineProfile.class)
class TrainerMainTest {

    @Test
    @Launch(value = "train-everything", exitCode = 2)
    void unknownCommandsPrintTheUsage(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("unknown command 'train-everything'").contains("usage: trainer");
    }

    @Test
    @Launch(value = {"activate", "latest"}, exitCode = 2)
    void activateNeedsAVersionNumber(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("activate needs one version number");
    }
}
