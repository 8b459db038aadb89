package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectorGroupTest {

    @Test
    void everyVersionsGroupFollowsOnePattern() {
        assertThat(ProjectorGroup.of("tiny-clip", 0)).isEqualTo("clipstream-projector-tiny-clip-v0");
        assertThat(ProjectorGroup.of("tiny-clip", 3)).isEqualTo("clipstream-projector-tiny-clip-v3");
    }
}
