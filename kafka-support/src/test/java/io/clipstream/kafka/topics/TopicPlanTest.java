package io.clipstream.kafka.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPlanTest {

    /** The shared group with its documented defaults. */
    static class Defaults implements TopicsConfig {
        int partitions = 6;

        public boolean create() { return true; }
        public String uploaded() { return "images.uploaded"; }
        public long uploadedRetentionMs() { return -1; }
        public String uploadedDlq() { return "images.uploaded.dlq"; }
        public String embeddingsPrefix() { return "images.embeddings."; }
        public String indexed() { return "images.indexed"; }
        public String thumbnails() { return "images.thumbnails"; }
        public String models() { return "models"; }
        public String impressions() { return "search.impressions"; }
        public String clicks() { return "search.clicks"; }
        public String clickPairs() { return "training.click-pairs"; }
        public String pairStats() { return "training.pair-stats"; }
        public String duplicates() { return "images.duplicates"; }
        public String duplicateDismissals() { return "images.duplicates.dismissals"; }
        public int partitions() { return partitions; }
        public short replicationFactor() { return 3; }
    }

    private final TopicPlan plan = TopicPlan.of(new Defaults(), "clip-b32");

    @Test
    void theLogsThatAreStateAreCompactedAndTheHistoriesKeptByTime() {
        assertThat(plan.all()).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name).containsExactly(
                "images.embeddings.clip-b32", "images.indexed", "images.thumbnails", "models", "training.pair-stats",
                "images.duplicates", "images.duplicates.dismissals");
        assertThat(plan.get(TopicRole.UPLOADS).configs()).containsEntry("retention.ms", "-1");
        assertThat(plan.get(TopicRole.CLICK_PAIRS).configs()).containsEntry("retention.ms", "31536000000");
        assertThat(plan.get(TopicRole.EMBEDDINGS_DLQ).configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "2592000000");
    }

    @Test
    void theEmbeddingsDeadLettersAreNamedAfterTheLogAndTheModelsTopicHasOnePartition() {
        assertThat(plan.name(TopicRole.EMBEDDINGS_DLQ)).isEqualTo("images.embeddings.clip-b32.dlq");
        assertThat(plan.get(TopicRole.MODELS).partitions()).isEqualTo(1);
        assertThat(plan.all()).filteredOn(s -> s.role() != TopicRole.MODELS).extracting(TopicSpec::partitions)
                .containsOnly(6);
        assertThat(plan.all()).extracting(TopicSpec::replicationFactor).containsOnly((short) 3);
    }

    @Test
    void searchLogsAreCoPartitionedWhateverThePartitionCount() {
        Defaults twelve = new Defaults();
        twelve.partitions = 12;
        assertThat(TopicPlan.of(twelve, "m").select(TopicPlan.CO_PARTITIONED)).extracting(TopicSpec::name,
                TopicSpec::partitions).containsExactly(
                org.assertj.core.groups.Tuple.tuple("search.impressions", 12),
                org.assertj.core.groups.Tuple.tuple("search.clicks", 12));
    }

    @Test
    void aUseSelectsItsRolesInPlanOrder() {
        TopicUse use = TopicUse.of("query API", new Defaults(), "m",
                java.util.EnumSet.of(TopicRole.MODELS, TopicRole.IMPRESSIONS, TopicRole.CLICKS), false);
        assertThat(use.topics()).extracting(TopicSpec::name).containsExactly("models", "search.impressions",
                "search.clicks");
        assertThat(use.create()).isTrue();
    }
}
