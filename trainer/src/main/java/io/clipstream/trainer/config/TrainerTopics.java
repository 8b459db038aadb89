package io.clipstream.trainer.config;

import io.clipstream.kafka.topics.TopicRole;
import io.clipstream.kafka.topics.TopicUse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumSet;

/**
 * The trainer's topics, created by the shared start-up for the service and one-off commands alike: the models
 * topic, the click-pair topology's inputs (co-partitioned, as the query API creates them) and its outputs. A
 * Kafka that does not answer at start-up is logged; the topology and the commands fail on their own.
 */
@ApplicationScoped
public class TrainerTopics {

    @Produces
    @Singleton
    TopicUse trainerTopics(TrainerConfig config) {
        return TopicUse.of("trainer", config.topics(), config.model().id(), EnumSet.of(TopicRole.MODELS,
                TopicRole.IMPRESSIONS, TopicRole.CLICKS, TopicRole.CLICK_PAIRS, TopicRole.PAIR_STATS), false);
    }
}
