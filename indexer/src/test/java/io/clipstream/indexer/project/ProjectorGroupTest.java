package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProjectorGroupTest {

    @Test
    void theBaseProjectorsGroupFollowsTheSamePatternAsTheVersionProjectors() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        String configured = properties.getProperty("mp.messaging.incoming.embeddings.group.id")
                .replace("${clipstream.model.id}", "tiny-clip")
                .replace("${clipstream.projector.version:0}", "3");

        assertThat(configured).isEqualTo(ProjectorGroup.of("tiny-clip", 3))
                .isEqualTo("clipstream-projector-tiny-clip-v3");
    }
}
