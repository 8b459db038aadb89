package io.clipstream.query.config;

import io.clipstream.kafka.topics.TopicRole;
import io.clipstream.kafka.topics.TopicUse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumSet;

/**
 * The topics the query API writes, created by the shared start-up before its channels run: impressions and clicks
 * (co-partitioned, the trainer joins them) and the models topic. A Kafka that does not answer at start-up is
 * logged, not fatal: searches work without it and the producers retry.
 */
@ApplicationScoped
public class QueryTopics {

    @Produces
    @Singleton
    TopicUse queryApiTopics(QueryConfig config) {
        return TopicUse.of("query API", config.topics(), config.model().id(),
                EnumSet.of(TopicRole.IMPRESSIONS, TopicRole.CLICKS, TopicRole.MODELS, TopicRole.DUPLICATES,
                        TopicRole.DUPLICATE_DISMISSALS), false);
    }
}
